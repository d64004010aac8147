//! Application state machine: update(state, Action) -> Vec<Effect>. No I/O.
