//! URL → verdict: how API Gateway routes a request (shared/ROUTING.md).

pub mod verdict;

pub use verdict::*;
