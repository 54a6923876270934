//! Command-line arguments. Parsing only: every command hands its arguments to
//! a function in `commands`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "archplan",
    version,
    about = "Turn an architecture decision into monthly costs, upgrade thresholds, budget checks and Terraform.",
    long_about = None,
    after_help = "Examples:\n  archplan cost --users 50\n  archplan cost --users 120 --profile serverless --format markdown\n  archplan profiles\n\nExit status: 0 ok, 1 over budget, 2 bad input or usage, 3 a failure outside the input (I/O, network).",
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Folder of architecture profiles (*.yaml, plus workload.yaml and budget.yaml) to use instead of the built-in ones
    #[arg(long, global = true, value_name = "DIR", env = "ARCHPLAN_PROFILES")]
    pub profiles: Option<PathBuf>,
    /// Folder of price files (*.toml) to use instead of the built-in snapshot
    #[arg(long, global = true, value_name = "DIR", env = "ARCHPLAN_PRICING")]
    pub pricing: Option<PathBuf>,
    /// Budget file (funding pools) to use instead of the profiles' budget.yaml
    #[arg(long, global = true, value_name = "FILE")]
    pub budget: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Monthly cost of an architecture at N users, line by line
    #[command(after_help = "Examples:\n  archplan cost --users 50\n  archplan cost --users 200 --range\n  archplan cost --users 50 --profile all-aws --format json\n  archplan cost --users 80 --format markdown >> pr-comment.md")]
    Cost(CostArgs),
    /// List the architectures available
    #[command(after_help = "Examples:\n  archplan profiles\n  archplan profiles --profiles ./infra/profiles")]
    Profiles(ProfilesArgs),
    /// Print the JSON Schema of the profile format, for editors
    #[command(after_help = "Examples:\n  archplan schema > archplan.schema.json\n  # then, at the top of a profile:  # yaml-language-server: $schema=./archplan.schema.json")]
    Schema,
    /// Compare architectures side by side
    #[command(subcommand)]
    Compare(CompareCommand),
    /// The architecture review (pros and cons, risks, limits, thresholds) regenerated from the model
    #[command(after_help = "Examples:\n  archplan report --users 50 > review.md\n  archplan report --lang fr --format html --out review.html\n  archplan report --profile all-aws --users 200\n\nWith --out, a file that archplan did not write (or that was edited since) is never replaced unless --force is given.")]
    Report(ReportArgs),
    /// Chart of monthly cost against users for every architecture (SVG)
    #[command(after_help = "Examples:\n  archplan chart --out cost.svg\n  archplan chart --scale linear --from 1 --to 600 > cost.svg")]
    Chart(ChartArgs),
    /// Cost and tier for every user count in a range (CSV or JSON)
    #[command(after_help = "Examples:\n  archplan sweep --to 1000 > current.csv\n  archplan sweep --all --from 1 --to 100000 --format json > sweep.json\n  archplan sweep --profile serverless --profile self-hosted --step 10 --to 2000")]
    Sweep(SweepArgs),
    /// Print shell completions
    #[command(after_help = "Examples:\n  archplan completions bash > /etc/bash_completion.d/archplan\n  archplan completions zsh > \"${fpath[1]}/_archplan\"\n  archplan completions fish > ~/.config/fish/completions/archplan.fish")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct CostArgs {
    /// Number of users (any count; the smallest tier that holds them is used)
    #[arg(long, short, value_name = "N", value_parser = parse_users)]
    pub users: u64,
    /// Architecture to price
    #[arg(long, short, default_value = "current", value_name = "NAME")]
    pub profile: String,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Show the low and high estimate of every line
    #[arg(long)]
    pub range: bool,
}

#[derive(Debug, Args)]
pub struct ProfilesArgs {
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// A user count: a whole number from 1.
pub fn parse_users(s: &str) -> Result<u64, String> {
    let cleaned = s.trim().replace(['_', ','], "");
    match cleaned.parse::<u64>() {
        Ok(0) => Err("expected a user count of 1 or more, e.g. 50".to_string()),
        Ok(n) if n > 100_000_000 => Err("expected at most 100,000,000 users".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err("expected a whole number of users, e.g. 50".to_string()),
    }
}

#[derive(Debug, Subcommand)]
pub enum CompareCommand {
    /// Every architecture side by side: cost range, per user, budget fit, headroom, next threshold, qualities
    #[command(after_help = "Examples:\n  archplan compare alternatives\n  archplan compare alternatives --users 50 --format markdown\n  archplan compare alternatives --users 120 --baseline serverless --format json")]
    Alternatives(CompareArgs),
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Number of users (default: every tier size of every profile)
    #[arg(long, short, value_name = "N", value_parser = parse_users)]
    pub users: Option<u64>,
    /// Architecture the differences are measured against (default: current, else the first profile)
    #[arg(long, value_name = "NAME")]
    pub baseline: Option<String>,
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Markdown,
    /// A single self-contained HTML file with charts
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    En,
    Fr,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Number of users the review is written for
    #[arg(long, short, default_value = "50", value_name = "N", value_parser = parse_users)]
    pub users: u64,
    /// Architecture under review
    #[arg(long, short, default_value = "current", value_name = "NAME")]
    pub profile: String,
    #[arg(long, short, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// Language of the review
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    /// Write to this file (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace --out even if archplan did not write it or it was edited since
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Scale {
    Log,
    Linear,
}

#[derive(Debug, Args)]
pub struct ChartArgs {
    /// Write to this file (atomically) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace --out even if archplan did not write it or it was edited since
    #[arg(long)]
    pub force: bool,
    /// Users axis
    #[arg(long, value_enum, default_value_t = Scale::Log)]
    pub scale: Scale,
    /// Fewest users shown
    #[arg(long, default_value = "10", value_name = "N", value_parser = parse_users)]
    pub from: u64,
    /// Most users shown
    #[arg(long, default_value = "1000", value_name = "N", value_parser = parse_users)]
    pub to: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SweepFormat {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// First user count
    #[arg(long, default_value = "1", value_name = "N", value_parser = parse_users)]
    pub from: u64,
    /// Last user count
    #[arg(long, default_value = "100000", value_name = "N", value_parser = parse_users)]
    pub to: u64,
    /// Users between two rows
    #[arg(long, default_value = "1", value_name = "N", value_parser = parse_users)]
    pub step: u64,
    /// Architecture to sweep (repeat for several; default current)
    #[arg(long, short, value_name = "NAME", conflicts_with = "all")]
    pub profile: Vec<String>,
    /// Sweep every architecture
    #[arg(long)]
    pub all: bool,
    #[arg(long, short, value_enum, default_value_t = SweepFormat::Csv)]
    pub format: SweepFormat,
}
