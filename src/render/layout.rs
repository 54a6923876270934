//! How wide terminal output may be. Tables and the lines around them fit the
//! terminal: the width comes from `COLUMNS` when set, else from the terminal
//! when standard output is one; piped output (and `--wide`) is not limited,
//! so scripts and files always get the full table.
//!
//! The width is chosen once per run ([`Width::detect`]) and held for the
//! render layer by [`with_width`], so that computing code never sees it.

use std::cell::Cell;

/// The widest a line of terminal output may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Width {
    /// Piped output, `--wide`, and anything rendered outside a run.
    #[default]
    Unlimited,
    Columns(usize),
}

impl Width {
    /// The width of this run's output: unlimited with `--wide`, else
    /// `COLUMNS` when it is a positive number, else the terminal's width when
    /// standard output is a terminal, else unlimited.
    pub fn detect(wide: bool) -> Width {
        use std::io::IsTerminal;
        let terminal = || {
            std::io::stdout()
                .is_terminal()
                .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
                .flatten()
        };
        Width::choose(wide, std::env::var("COLUMNS").ok().as_deref(), terminal)
    }

    /// [`Width::detect`]'s rule, given what the environment says.
    pub fn choose(
        wide: bool,
        columns_env: Option<&str>,
        terminal: impl FnOnce() -> Option<usize>,
    ) -> Width {
        if wide {
            return Width::Unlimited;
        }
        let from_env = columns_env
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|&c| c > 0);
        match from_env.or_else(terminal) {
            Some(c) => Width::Columns(c),
            None => Width::Unlimited,
        }
    }

    pub fn columns(self) -> Option<usize> {
        match self {
            Width::Unlimited => None,
            Width::Columns(c) => Some(c),
        }
    }
}

thread_local! {
    static CURRENT: Cell<Width> = const { Cell::new(Width::Unlimited) };
}

/// The width tables are rendered for.
pub fn current() -> Width {
    CURRENT.with(Cell::get)
}

/// Runs `f` with tables rendered for `width`, then restores the previous width.
pub fn with_width<R>(width: Width, f: impl FnOnce() -> R) -> R {
    struct Restore(Width);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.replace(width)));
    f()
}

/// `text` with every line wider than the current width wrapped at word
/// boundaries (continuations indented by two spaces); lines that fit, and
/// all text when the width is unlimited, are left as they are.
pub fn fit(text: &str) -> String {
    let Some(width) = current().columns() else {
        return text.to_string();
    };
    let options = textwrap::Options::new(width.max(8))
        .subsequent_indent("  ")
        .break_words(true);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        if textwrap::core::display_width(body) <= width {
            out.push_str(line);
            continue;
        }
        for (i, part) in textwrap::wrap(body, &options).iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(part);
        }
        out.push_str(newline);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_beats_columns_which_beats_the_terminal() {
        let term = || Some(132);
        assert_eq!(Width::choose(true, Some("80"), term), Width::Unlimited);
        assert_eq!(Width::choose(false, Some("80"), term), Width::Columns(80));
        assert_eq!(Width::choose(false, None, term), Width::Columns(132));
        assert_eq!(
            Width::choose(false, Some("wide"), term),
            Width::Columns(132)
        );
        assert_eq!(Width::choose(false, Some("0"), || None), Width::Unlimited);
        assert_eq!(Width::choose(false, None, || None), Width::Unlimited);
    }

    #[test]
    fn long_lines_wrap_by_display_width_and_short_ones_stay() {
        let text = "short\nune ligne très longue — avec des accents é à ü — qui dépasse\n";
        let fitted = with_width(Width::Columns(20), || fit(text));
        assert!(fitted.starts_with("short\n"), "{fitted}");
        assert!(fitted.ends_with('\n'));
        for line in fitted.lines() {
            assert!(textwrap::core::display_width(line) <= 20, "{line:?}");
        }
        assert_eq!(fit(text), text, "unlimited outside with_width");
    }
}
