//! The command-line contract on the bundled demo (JSON shape, exit codes, `--stdin`) and
//! bad input of every kind: arguments, stdin, snapshot, config and keymap files.

mod bad_input;
mod cli_access;
mod cli_match;
mod completions;
mod match_stdin;
