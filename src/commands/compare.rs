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
            let users = if args.users.is_empty() {
                compare::tier_counts(ws)
            } else {
                args.users.clone()
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
            // The tier shown for each profile, and the one its next threshold prices.
            let rows = c.groups.iter().flat_map(|g| &g.rows);
            let priced = rows
                .clone()
                .map(|r| (r.profile.as_str(), r.tier.users))
                .chain(rows.filter_map(|r| Some((r.profile.as_str(), r.next.as_ref()?.to_users?))));
            Ok(Outcome {
                stdout,
                warnings: super::stale_warning_of(&super::prices_of_tiers(ws, priced)?)?,
                code: crate::verdict::ExitStatus::Ok.code(),
            })
        }
    }
}
