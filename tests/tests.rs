//! The one integration-test binary (ripgrep's layout). Each module checks
//! something a user relies on, through the real CLI where that is what users
//! touch.

mod common;

mod air_war;
mod bad_input;
mod batch;
mod cli;
mod coverage;
mod determinism;
mod deterrence;
mod golden;
mod map;
mod optimize;
mod report;
mod scenarios;
