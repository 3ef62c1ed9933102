//! The test harness, split by concern: a real `tidings` application per test with its own
//! database (`app`, `database`), real backend processes (`services`) and fixture servers
//! (`loopback`).

mod app;
mod database;
mod loopback;
mod services;

pub use app::*;
pub use database::*;
pub use loopback::*;
pub use services::*;
