use crate::analysis::chart::{cost_chart, largest_tier, utilisation_chart, Scale, Span};
use crate::analysis::review::review;
use crate::cli::{ReportArgs, ReportFormat};
use crate::error::Result;
use crate::render;
use crate::render::chart::Labels;
use crate::workspace::Workspace;
use crate::{stamped, Outcome};

pub fn run(ws: &Workspace, profile: &str, args: &ReportArgs) -> Result<Outcome> {
    ws.validate_reviews()?;
    let lang = args.lang.code();
    let r = review(ws, profile, args.users, lang)?;
    let text = match args.format {
        ReportFormat::Markdown => render::report::markdown(&r)?,
        ReportFormat::Html => {
            let labels = Labels::of_language(lang)?;
            // Both charts share the users axis: the default one of `archplan chart`.
            let names: Vec<String> = ws.profile_names().into_iter().map(String::from).collect();
            let span = Span::fit(largest_tier(ws, &names)?, Scale::Linear, None, None)?;
            let charts = render::report::Charts {
                cost: render::chart::cost_svg(&cost_chart(ws, &names, span)?, &labels),
                utilisation: render::chart::utilisation_svg(
                    &utilisation_chart(ws, profile, span)?,
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
