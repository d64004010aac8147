//! apigw: a terminal explorer for AWS API Gateway.
//!
//! Data flows AWS → domain model → app state → screen; each layer uses only the ones to its
//! left. `domain` is pure (no tokio, aws, ratatui or crossterm; CI checks this).

pub mod app;
pub mod audit;
pub mod aws;
pub mod cache;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod keymap;
pub mod redact;
pub mod report;
pub mod runtime;
pub mod snapshot;
pub mod tui;
pub mod ui;
