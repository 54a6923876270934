//! archplan: architectures as data, priced line by line.
//!
//! The binary calls [`run`]; everything else is a library so that commands can
//! be tested and benchmarked without a process.

// An error is 128 bytes (location, suggestion, and the further problems of
// the same pass) and is only built on the cold path of bad input.
#![allow(clippy::result_large_err)]

pub mod analysis;
pub mod assets;
pub mod cli;
pub mod commands;
pub mod diff;
pub mod engine;
pub mod error;
pub mod fsutil;
pub mod gate;
pub mod generated;
pub mod kinds;
pub mod model;
pub mod money;
pub mod pricing;
pub mod render;
pub mod stamped;
pub mod tfread;
pub mod users;
pub mod verdict;
pub mod workspace;

use clap::Parser;
use std::ffi::OsString;
use std::io::Write;

/// What a command produced: text for standard output, one-line warnings for
/// standard error, and the exit status (see [`verdict::ExitStatus`]: 0 unless
/// a verdict does not fit).
#[derive(Debug, Default)]
pub struct Outcome {
    pub stdout: String,
    pub warnings: Vec<String>,
    pub code: i32,
}

impl Outcome {
    pub fn ok(stdout: String) -> Self {
        Outcome {
            stdout,
            ..Outcome::default()
        }
    }
}

/// Parses the arguments, runs the command, prints, and returns the exit status.
pub fn run<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let width = render::layout::Width::detect(cli.global.wide);
    let (notices, result) = render::layout::with_width(width, || commands::dispatch_and_exit(cli));
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    if let Some(using) = &notices.using {
        let _ = writeln!(stderr.lock(), "{using}");
    }
    for w in &notices.warnings {
        let _ = writeln!(stderr.lock(), "warning: {w}");
    }
    match result {
        Ok(outcome) => {
            for w in &outcome.warnings {
                let _ = writeln!(stderr.lock(), "warning: {w}");
            }
            let mut out = stdout.lock();
            // A closed pipe (`archplan … | head`) is not an error worth reporting.
            let _ = out.write_all(outcome.stdout.as_bytes());
            let _ = out.flush();
            outcome.code
        }
        Err(e) => {
            let _ = writeln!(stderr.lock(), "error: {e}");
            e.exit_code()
        }
    }
}

/// clap's errors span several lines; ours are one: the message and its tip.
fn usage_error(e: clap::Error) -> i32 {
    use clap::error::ErrorKind;
    use verdict::ExitStatus;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitStatus::Ok.code()
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitStatus::BadInput.code()
        }
        _ => {
            let _ = writeln!(std::io::stderr(), "{}", one_line_usage_error(&e));
            ExitStatus::BadInput.code()
        }
    }
}

pub fn one_line_usage_error(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let parts: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty() && !l.starts_with("Usage:") && !l.starts_with("For more information")
        })
        .collect();
    parts.join("; ")
}
