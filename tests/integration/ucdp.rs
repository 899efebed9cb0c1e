//! UCDP GED reading.
