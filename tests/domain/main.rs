//! The pure domain, no process or network: every routing rule of the AWS reference
//! (REST, HTTP APIs, custom domains), the matcher's properties and fuzzing, the bundled demo
//! account and its verdicts, staleness, and the deploy / rollback / CORS plans.

mod cors_plan;
mod demo;
mod demo_verdicts;
mod fuzz_input;
mod name_tables;
#[path = "../support/parts_order.rs"]
mod parts_order;
mod policy_props;
mod report_markdown;
mod routing_domains;
mod routing_http;
mod routing_keys;
mod routing_pending;
mod routing_policy;
mod routing_props;
mod routing_rest;
mod routing_support;
mod staleness;
mod synth_fixture;
