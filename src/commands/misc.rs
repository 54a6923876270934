//! Small commands: listing profiles, the profile schema, shell completions.

use crate::cli::{Cli, Format, ProfilesArgs};
use crate::error::Result;
use crate::render::{self, markdown::MdTable};
use crate::workspace::Workspace;
use crate::Outcome;
use clap::CommandFactory;
use serde::Serialize;

#[derive(Serialize)]
struct ProfileSummary<'a> {
    name: &'a str,
    title: &'a str,
    file: &'a str,
    tiers: Vec<u64>,
}

pub fn profiles(ws: &Workspace, args: &ProfilesArgs) -> Result<Outcome> {
    let list: Vec<ProfileSummary> = ws
        .profiles
        .iter()
        .map(|d| {
            let mut tiers: Vec<u64> = d.value.tiers.iter().map(|t| t.users).collect();
            tiers.sort_unstable();
            ProfileSummary {
                name: &d.value.name,
                title: &d.value.title,
                file: &d.file,
                tiers,
            }
        })
        .collect();
    let tiers = |p: &ProfileSummary| {
        p.tiers
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let stdout = match args.format {
        Format::Json => render::json(&list),
        Format::Markdown => {
            let mut t = MdTable::new(&["Profile", "Architecture", "Tiers (users)", "File"]);
            for p in &list {
                t.row(vec![p.name.into(), p.title.into(), tiers(p), p.file.into()]);
            }
            t.render()
        }
        Format::Table => {
            let mut t = render::table(&["Profile", "Architecture", "Tiers (users)", "File"]);
            for p in &list {
                t.add_row(vec![
                    p.name.to_string(),
                    p.title.to_string(),
                    tiers(p),
                    p.file.to_string(),
                ]);
            }
            render::layout::fit(&format!("{t}\n"))
        }
    };
    Ok(Outcome::ok(stdout))
}

pub fn schema(of: crate::cli::SchemaOf) -> Outcome {
    let schema = match of {
        crate::cli::SchemaOf::Profile => crate::model::profile::json_schema(),
        crate::cli::SchemaOf::Budget => {
            serde_json::to_value(schemars::schema_for!(crate::model::budget::Budget))
                .unwrap_or_default()
        }
    };
    Outcome::ok(render::json(&schema))
}

pub fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "archplan", &mut buf);
    Outcome::ok(String::from_utf8_lossy(&buf).into_owned())
}
