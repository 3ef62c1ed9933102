//! Integration tests for Tidings live in `tests/`; this crate has no library code.
