//! Output for the example programs.

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
