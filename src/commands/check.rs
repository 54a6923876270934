use crate::cli::{CheckArgs, CheckFormat, Estimate};
use crate::error::Result;
use crate::gate::{self, CheckOptions};
use crate::model::workload::Scenario;
use crate::money::Money;
use crate::render;
use crate::workspace::Workspace;
use crate::Outcome;

pub fn run(ws: &Workspace, args: &CheckArgs) -> Result<Outcome> {
    let opts = CheckOptions {
        profiles: args.profile.clone(),
        users: args.users.clone(),
        estimate: match args.estimate {
            Estimate::Low => Scenario::Low,
            Estimate::Expected => Scenario::Expected,
            Estimate::High => Scenario::High,
        },
        warn_at: args.warn_at,
        max_per_user: args.max_per_user.map(Money),
        strict: args.strict,
    };
    if let Some(path) = &args.terraform {
        return super::terraform::check(ws, path, &args.tf, &opts, args.format);
    }
    let report = gate::check(ws, &opts)?;
    let stdout = match args.format {
        CheckFormat::Text => render::check::text(&report),
        CheckFormat::Json => render::json(&report),
        CheckFormat::Github => render::check::github(&report),
        CheckFormat::Junit => render::check::junit(&report),
    };
    let priced = report
        .evaluations
        .iter()
        .map(|e| (e.profile.as_str(), e.tier_users));
    let mut warnings = super::stale_warning_of(&super::prices_of_tiers(ws, priced)?)?;
    warnings.extend(report.retiring.iter().cloned());
    Ok(Outcome {
        stdout,
        warnings,
        code: report.exit_code,
    })
}
