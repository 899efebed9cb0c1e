//! UCDP GED CSV in.
