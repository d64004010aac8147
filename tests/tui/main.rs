//! The app state machine (`update()`) and rendered frames (TestBackend + insta snapshots in
//! `snapshots/`), no terminal or network.

mod app_builder;
mod app_flow;
mod deploy_dialog_done;
#[path = "../support/parts_order.rs"]
mod parts_order;
mod plan_request;
mod profiles;
mod render;
