//! Terminal tables fit the terminal: under `COLUMNS`, no line of any table
//! command's output is wider than the width (in display columns); piped
//! output and `--wide` keep the full table.

mod common;

use common::{archplan_env, repo, Run};
use textwrap::core::display_width;

const TODAY: &str = "2026-11-25";

/// Every command that prints a table, as it would be typed.
fn table_commands(terraform_out: &str) -> Vec<Vec<String>> {
    let fixtures = repo().join("tests/fixtures/pricing");
    let offer = fixtures
        .join("offer-AmazonRDS-us-east-1.json")
        .display()
        .to_string();
    // A dry run: nothing is written to the fixture catalog.
    let catalog = fixtures.join("catalog").display().to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["cost", "--users", "50"],
        vec!["cost", "--users", "200", "--range"],
        vec!["check"],
        vec!["compare", "alternatives"],
        vec!["compare", "alternatives", "--users", "50"],
        vec!["diff", "--users", "50", "--to-users", "500"],
        vec!["pricing", "show"],
        vec!["profiles"],
        vec![
            "render",
            "terraform",
            "--users",
            "200",
            "--out",
            terraform_out,
        ],
        vec![
            "pricing",
            "import",
            "--dry-run",
            "--offer-file",
            &offer,
            "--pricing",
            &catalog,
        ],
    ];
    commands
        .into_iter()
        .map(|c| c.into_iter().map(str::to_string).collect())
        .collect()
}

fn run(args: &[String], env: &[(&str, &str)]) -> Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = archplan_env(&repo(), &args, TODAY, env);
    assert!(
        r.code == 0 || r.code == 1,
        "archplan {args:?} exited {}: {}",
        r.code,
        r.stderr
    );
    assert!(
        !r.stdout.trim().is_empty(),
        "archplan {args:?} printed nothing"
    );
    r
}

fn widest(text: &str) -> usize {
    text.lines().map(display_width).max().unwrap_or(0)
}

#[test]
fn no_line_is_wider_than_columns() {
    let out = tempfile::tempdir().unwrap();
    let terraform = out.path().join("tf").display().to_string();
    for args in table_commands(&terraform) {
        for width in [80usize, 120] {
            let r = run(&args, &[("COLUMNS", &width.to_string())]);
            for line in r.stdout.lines() {
                assert!(
                    display_width(line) <= width,
                    "archplan {args:?} under COLUMNS={width}: a line of {} columns:\n{line}\n\n{}",
                    display_width(line),
                    r.stdout
                );
            }
        }
    }
}

#[test]
fn piped_output_and_wide_keep_the_full_table() {
    let out = tempfile::tempdir().unwrap();
    let terraform = out.path().join("tf").display().to_string();
    for args in table_commands(&terraform) {
        // Twice: the second render of a module finds it unchanged, as the
        // wide run does.
        run(&args, &[]);
        let piped = run(&args, &[]);
        let mut wide_args = args.clone();
        wide_args.push("--wide".to_string());
        let wide = run(&wide_args, &[("COLUMNS", "80")]);
        assert_eq!(
            wide.stdout, piped.stdout,
            "archplan {args:?}: --wide under COLUMNS=80 is the piped output"
        );
    }
    // The wide tables really are wider than a terminal.
    for args in [
        vec!["cost", "--users", "50"],
        vec!["check"],
        vec!["pricing", "show"],
    ] {
        let args: Vec<String> = args.into_iter().map(str::to_string).collect();
        assert!(widest(&run(&args, &[]).stdout) > 120, "{args:?}");
    }
}

#[test]
fn narrow_tables_drop_minor_columns_and_keep_the_figures() {
    let args: Vec<String> = ["cost", "--users", "50"].map(str::to_string).to_vec();
    let narrow = run(&args, &[("COLUMNS", "80")]).stdout;
    let roomy = run(&args, &[("COLUMNS", "120")]).stdout;
    let piped = run(&args, &[]).stdout;
    let roomiest = run(&args, &[("COLUMNS", "200")]).stdout;
    // The wide table is about 150 columns: narrower terminals get the compact one.
    for text in [&narrow, &roomy] {
        assert!(!text.contains("Vendor"), "{text}");
        assert!(text.contains("Quantity × price"), "{text}");
    }
    assert_eq!(
        roomiest, piped,
        "a terminal wide enough gets the full table"
    );
    assert!(piped.contains("Vendor"), "{piped}");
    for text in [&narrow, &roomy, &piped] {
        assert!(text.contains("$223.28"), "{text}");
        assert!(text.contains("db.t4g.small"), "{text}");
    }
    // Cells wrap inside the table: every table line still starts with a border.
    let table_lines = narrow
        .lines()
        .filter(|l| l.starts_with('│'))
        .collect::<Vec<_>>();
    assert!(table_lines.iter().all(|l| l.ends_with('│')), "{narrow}");
}
