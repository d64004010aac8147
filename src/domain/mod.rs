//! The pure core: the inventory model, URL routing, staleness, CORS and mutation plans.
//! No I/O, no async, no SDK or terminal types.

pub mod cors;
pub mod load;
pub mod model;
pub mod nearest;
pub mod plan;
pub mod policy;
pub mod probe;
pub mod routing;
pub mod staleness;
