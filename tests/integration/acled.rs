//! ACLED reading and writing.
