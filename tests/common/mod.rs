//! Runs archplan in-process: parse the arguments, dispatch, return the outcome.

#![allow(dead_code)]

use archplan::cli::Cli;
use archplan::Outcome;
use clap::Parser;

pub fn run(args: &[&str]) -> Result<Outcome, archplan::error::Error> {
    let mut all = vec!["archplan"];
    all.extend_from_slice(args);
    let cli = Cli::try_parse_from(all).expect("arguments parse");
    archplan::commands::dispatch(cli)
}

pub fn stdout(args: &[&str]) -> String {
    match run(args) {
        Ok(o) => o.stdout,
        Err(e) => panic!("archplan {args:?} failed: {e}"),
    }
}
