use crate::analysis::chart::{cost_chart, utilisation_chart, Scale};
use crate::analysis::review::review;
use crate::cli::{ReportArgs, ReportFormat};
use crate::error::Result;
use crate::render;
use crate::render::chart::Labels;
use crate::workspace::Workspace;
use crate::{stamped, Outcome};

/// The chart words of a language, from its catalog.
pub fn chart_labels(lang: &str) -> Result<Labels> {
    let t = render::report::catalog(lang)?;
    let c = &t["chart"];
    let get = |k: &str, fallback: String| c[k].as_str().map_or(fallback, str::to_string);
    let en = Labels::english();
    Ok(Labels {
        cost_title: get("cost_title", en.cost_title),
        util_title: get("util_title", en.util_title),
        users: get("users", en.users),
        cost: get("cost", en.cost),
        utilisation: get("utilisation", en.utilisation),
        budget: get("budget", en.budget),
        pool: get("pool", en.pool),
        tier: get("tier", en.tier),
        over_capacity: get("over_capacity", en.over_capacity),
        full: get("full", en.full),
        resources: t["resources"]
            .as_object()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                    .collect()
            })
            .unwrap_or_default(),
    })
}

pub fn run(ws: &Workspace, profile: &str, args: &ReportArgs) -> Result<Outcome> {
    ws.validate_reviews()?;
    let lang = args.lang.code();
    let r = review(ws, profile, args.users, lang)?;
    let text = match args.format {
        ReportFormat::Markdown => render::report::markdown(&r)?,
        ReportFormat::Html => {
            let labels = chart_labels(lang)?;
            let charts = render::report::Charts {
                cost: render::chart::cost_svg(&cost_chart(ws, 10, 1000, Scale::Log)?, &labels),
                utilisation: render::chart::utilisation_svg(
                    &utilisation_chart(ws, profile, 10, 1000, Scale::Log)?,
                    &labels,
                ),
            };
            render::report::html(&r, &charts)?
        }
    };
    let text = stamped::stamp(&text);
    match &args.out {
        Some(path) => {
            stamped::write(path, &text, args.force)?;
            Ok(Outcome {
                stdout: String::new(),
                warnings: Vec::new(),
                code: crate::verdict::ExitStatus::Ok.code(),
            })
        }
        None => Ok(Outcome::ok(text)),
    }
}
