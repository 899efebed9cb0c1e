//! polygon
