//! Batches of runs: replications of a scenario, sweeps over designs of
//! experiments, the shards a cluster runs them in and their merge, and the
//! streaming statistics that summarise them (DESIGN §5).
//!
//! A batch never touches a World: it plans jobs ([`plan`]), runs them through
//! `sim::run` ([`exec`]), appends each run's row to tables on disk in job
//! order ([`store`]) and summarises those tables at the end ([`finish`]).
//! Results depend only on the plan: not on the thread count, the order in
//! which runs finish, sharding ([`merge`]) or interruptions.

pub mod compare;
pub mod design;
pub mod exec;
pub mod figures;
pub mod finish;
pub mod merge;
pub mod plan;
pub mod stats;
pub mod store;
