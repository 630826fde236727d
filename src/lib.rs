//! # Hedgehog
//!
//! An open, headless, agent-based wargame of a European-led reassurance force
//! for Ukraine: air defence and a no-fly zone over Ukraine and the Black Sea, a
//! deterrent ground force held back from the front, ISR and a training
//! mission, with or without US enablers, against Russian ceasefire breaches.
//!
//! Data flows one way (DESIGN §1):
//!
//! ```text
//! RON --config--> Scenario --sim::spawn--> World --(ticks)--> messages --metrics--> RunResult
//! RunResult --output--> scenario.resolved.ron, summary.json, events.csv, timeseries.csv
//! ```
//!
//! - [`config`] reads and checks scenarios (two stages, located errors);
//! - [`geo`] holds the projection, grid and gazetteer;
//! - [`sim`] is the ECS core (app, phases, clock, random streams, run loop);
//! - [`domains`] is the model, one module per domain;
//! - [`results`] is what a run returns, as plain data;
//! - [`output`] writes run directories atomically;
//! - [`plot`] draws maps and charts (PNG and SVG);
//! - [`batch`] runs replications and sweeps (designs of experiments), in
//!   shards on a cluster if need be, and summarises them with streaming
//!   statistics;
//! - [`report`] writes the self-contained HTML report (`report.html`);
//! - [`bench`](mod@bench) holds the workloads behind the performance budgets.
//!
//! `sim` never reads files or prints; only the binary's `cli` module prints,
//! and only it uses `anyhow`.

pub mod batch;
pub mod bench;
pub mod config;
pub mod coverage;
pub mod domains;
pub mod geo;
pub mod optimize;
pub mod output;
pub mod plot;
pub mod report;
pub mod results;
pub mod sim;
