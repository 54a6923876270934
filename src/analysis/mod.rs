//! Analyses built on the engine: tier changes priced, architectures compared,
//! user-count sweeps, the review behind `archplan report`. Each returns a
//! value; rendering is the render layer's job.

pub mod chart;
pub mod compare;
pub mod plan;
pub mod review;
pub mod sweep;
