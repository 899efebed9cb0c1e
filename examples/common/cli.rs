//! What the command-line examples share: quiet printing and the exit codes.

/// Prints a line to standard output; when the reader has gone (the output
/// piped into `head`), stops quietly instead of panicking as `println!` does.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

/// Parses the command line with `parse`, then runs `run`: a usage problem
/// exits with 2, a failure with 1, each with its message on standard error.
pub fn main<A>(
    parse: impl FnOnce() -> Result<A, String>,
    run: impl FnOnce(&A) -> Result<(), String>,
) {
    let args = match parse() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    if let Err(message) = run(&args) {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}
