//! What the readers and writers share: a row's raw text, and the errors
//! of reading and writing files.

use std::sync::Arc;

use csv::ByteRecord;

use crate::Error;

/// The record's fields joined by commas, quoted where needed.
pub(crate) fn raw_text(record: &ByteRecord) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    if writer.write_byte_record(record).is_err() {
        return String::new();
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(bytes.strip_suffix(b"\n").unwrap_or(&bytes)).into_owned()
}

/// A bad row: the column at fault, if one, and the reason.
pub(crate) type Bad<C> = (Option<C>, String);

/// A bad value of `column`: `expected ..., found "..."`.
pub(crate) fn bad<C>(column: C, expected: &str, found: &str) -> Bad<C> {
    (
        Some(column),
        format!("expected {expected}, found {found:?}"),
    )
}

/// [`Error::Io`] for a failure to read `name`.
pub(crate) fn read_error(name: &str, e: std::io::Error) -> Error {
    Error::Io {
        action: "read",
        path: name.to_owned(),
        source: Arc::new(e),
    }
}

/// [`Error::Io`] for a failure to write `name`.
pub(crate) fn write_error(name: &str, e: std::io::Error) -> Error {
    Error::Io {
        action: "write",
        path: name.to_owned(),
        source: Arc::new(e),
    }
}

/// A csv error while reading `name` as `format`: an I/O failure, or a
/// header csv cannot read.
pub(crate) fn csv_error(format: &'static str, name: &str, e: csv::Error) -> Error {
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => read_error(name, io),
        _ => Error::Header {
            format,
            reason: message,
        },
    }
}

/// Declares a file format's columns once: the enum, the list of every
/// column in declaration order, and each column's header name.
macro_rules! columns {
    (
        $(#[$meta:meta])*
        enum $name:ident { $($variant:ident = $text:literal),+ $(,)? }
        every: $all:ident;
        $(#[$name_meta:meta])*
        fn $fname:ident;
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum $name {
            $($variant),+
        }

        /// Every column, in declaration order.
        pub(crate) const $all: &[$name] = &[$($name::$variant),+];

        impl $name {
            $(#[$name_meta])*
            pub(crate) const fn $fname(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }
    };
}

pub(crate) use columns;
