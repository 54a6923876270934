//! What `archplan init` wrote, and what to run next.

/// A file written, relative to the project folder, and what it is for.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: String,
    pub purpose: &'static str,
}

#[derive(Debug, Clone)]
pub struct InitSummary {
    /// The project folder, as given.
    pub dir: String,
    /// The built-in example rather than the starter.
    pub example: bool,
    pub written: Vec<Written>,
    /// The command to run next.
    pub next: String,
}

/// One line per file (price files grouped on one line), then the next step.
pub fn text(s: &InitSummary) -> String {
    let what = if s.example {
        "the built-in example"
    } else {
        "a starter project"
    };
    let place = if s.dir == "." {
        "the current folder".to_string()
    } else {
        s.dir.clone()
    };
    let mut out = format!("Wrote {what} to {place}:\n");
    let (prices, others): (Vec<&Written>, Vec<&Written>) = s
        .written
        .iter()
        .partition(|w| w.path.starts_with("pricing-data/"));
    let width = others
        .iter()
        .map(|w| w.path.len())
        .chain(std::iter::once("pricing-data/*.toml".len()))
        .max()
        .unwrap_or(0);
    for w in others {
        out.push_str(&format!("  {:width$}  {}\n", w.path, w.purpose));
    }
    if let Some(first) = prices.first() {
        let names: Vec<&str> = prices
            .iter()
            .filter_map(|w| w.path.strip_prefix("pricing-data/"))
            .collect();
        out.push_str(&format!(
            "  {:width$}  {} ({})\n",
            "pricing-data/*.toml",
            first.purpose,
            names.join(", ")
        ));
    }
    if !s.example {
        out.push_str("Edit profiles/my-app.yaml (and workload.yaml, budget.yaml), then run:\n");
    } else {
        out.push_str("Then run:\n");
    }
    out.push_str(&format!("  {}\n", s.next));
    out
}
