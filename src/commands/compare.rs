use crate::analysis::compare;
use crate::cli::{CompareCommand, Format};
use crate::error::Result;
use crate::render;
use crate::workspace::Workspace;
use crate::Outcome;

pub fn run(ws: &Workspace, what: CompareCommand) -> Result<Outcome> {
    ws.validate_reviews()?;
    match what {
        CompareCommand::Alternatives(args) => {
            let users = match args.users {
                Some(n) => vec![n],
                None => compare::tier_counts(ws),
            };
            let names = ws.profile_names();
            let baseline = match &args.baseline {
                Some(name) => name.as_str(),
                None => match ws.default_profile_if_any()? {
                    Some(name) => name,
                    None => names.first().copied().unwrap_or_default(),
                },
            };
            let c = compare::compare(ws, &users, baseline)?;
            let stdout = match args.format {
                Format::Table => render::compare::table_text(&c),
                Format::Markdown => render::compare::markdown(&c),
                Format::Json => render::json(&c),
            };
            Ok(Outcome::ok(stdout))
        }
    }
}
