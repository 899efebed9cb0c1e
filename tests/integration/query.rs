//! Queries and series.
