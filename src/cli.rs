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
    after_help = "Examples:\n  archplan cost --users 50\n  archplan cost --users 120 --profile serverless --format markdown\n  archplan profiles\n\nExit status: 0 done (for cost and check: it fits), 1 over budget or no tier holds the users (cost, check), 2 bad input or usage, 3 a failure outside the input (I/O, network).",
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Folder of architecture profiles (*.yaml, plus workload.yaml, budget.yaml, capacity.yaml, archplan.yaml) [default: ./profiles when it exists, else the built-in example]
    #[arg(long, global = true, value_name = "DIR", env = "ARCHPLAN_PROFILES")]
    pub profiles: Option<PathBuf>,
    /// Folder of price files (*.toml) [default: ./pricing-data when it exists, else the built-in snapshot]
    #[arg(long, global = true, value_name = "DIR", env = "ARCHPLAN_PRICING")]
    pub pricing: Option<PathBuf>,
    /// Use the built-in example and price snapshot even where ./profiles or ./pricing-data exist (--profiles and --pricing still win)
    #[arg(long, global = true)]
    pub builtin: bool,
    /// Budget file (funding pools) to use instead of the profiles' budget.yaml
    #[arg(long, global = true, value_name = "FILE")]
    pub budget: Option<PathBuf>,
    /// Print tables at full width, whatever the terminal's width
    #[arg(long, global = true)]
    pub wide: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a starter project to edit: a profile, its workload and budget, the price catalog and capacity data
    #[command(
        after_help = "Examples:\n  archplan init                 # into the current folder\n  archplan init my-app\n  archplan init --example demo  # the four built-in architectures instead\n\nWrites DIR/profiles/ and DIR/pricing-data/, which archplan reads when run in DIR. An existing file is never replaced (exit 2, nothing written) unless --force."
    )]
    Init(InitArgs),
    /// Monthly cost of an architecture at N users, line by line
    #[command(
        after_help = "Examples:\n  archplan cost --users 50\n  archplan cost --users 200 --range\n  archplan cost --users 50 --profile all-aws --format json\n  archplan cost --users 80 --format markdown >> pr-comment.md\n\nExit status: 0 fits, 1 over budget or no tier holds the users, 2 bad input, 3 a failure outside the input (I/O)."
    )]
    Cost(CostArgs),
    /// Generate code from an architecture: a Terraform module for its AWS part
    #[command(
        after_help = "Examples:\n  archplan render terraform\n  archplan render terraform --profile all-aws --users 200 --out infra/aws\n  archplan render terraform --users 100 --region eu-west-3 --force"
    )]
    Render(RenderArgs),
    /// CI budget gate: every tier of every profile against every funding pool
    #[command(
        after_help = "Examples:\n  archplan check\n  archplan check --profile current --estimate high --warn-at 90%\n  archplan check --users 50,120 --max-per-user 5\n  archplan check --format github          # annotations in a GitHub Actions log\n  archplan check --format junit > archplan-junit.xml\n\nExit status: 0 every row fits, 1 a row is over budget or no tier holds its users (or a warning with --strict), 2 bad input, 3 a failure outside the input (I/O)."
    )]
    Check(CheckArgs),
    /// Price two versions of the profiles (or two user counts) and show what changed
    #[command(
        after_help = "Examples:\n  archplan diff --base origin/main --head profiles --format markdown\n  archplan diff --base ./old-profiles --head ./profiles --users 200\n  archplan diff --users 50 --to-users 100          # the cost of moving up a tier\n\nA --base that is not a folder is read as a git revision with `git show`, from the repository holding --head. Each profile's delta is shown on its own: profiles are alternatives, never added up. Exit status: 0 once printed, whatever the verdicts (archplan check is the gate), 2 bad input, 3 git could not run."
    )]
    Diff(DiffArgs),
    /// Where Terraform differs from a tier of a profile, component by component, with the monthly cost of each difference
    #[command(
        after_help = "Examples:\n  archplan drift --terraform infra/aws --users 50\n  terraform show -json plan.out > plan.json && archplan drift --terraform plan.json --profile all-aws --users 200\n  archplan drift --terraform infra/aws --users 50 --format markdown >> pr-comment.md\n\nBoth sides are priced at the same users and workload: a difference is one of code (an instance class, Multi-AZ, a node count, a resource only one side has). Exit status: 0 no drift, 1 drift, 2 bad input, 3 a failure outside the input (I/O)."
    )]
    Drift(DriftArgs),
    /// List the architectures available
    #[command(
        after_help = "Examples:\n  archplan profiles\n  archplan profiles --profiles ./infra/profiles"
    )]
    Profiles(ProfilesArgs),
    /// Print the JSON Schema of the profile format (or of the budget's), for editors
    #[command(
        after_help = "Examples:\n  archplan schema > archplan.schema.json\n  # then, at the top of a profile:  # yaml-language-server: $schema=./archplan.schema.json\n  archplan schema budget > budget.schema.json"
    )]
    Schema(SchemaArgs),
    /// Inspect the price catalog, refresh AWS prices live, import a bulk offer file
    #[command(
        subcommand,
        after_help = "Examples:\n  archplan pricing show --stale-after 90d\n  archplan pricing refresh --pricing ./pricing-data --dry-run\n  archplan pricing import --offer-file index.json --pricing ./pricing-data"
    )]
    Pricing(PricingCommand),
    /// Compare architectures side by side
    #[command(
        subcommand,
        after_help = "Examples:\n  archplan compare alternatives\n  archplan compare alternatives --users 50 --format markdown\n\nExit status: 0 once printed, whatever the verdicts (archplan check is the gate), 2 bad input."
    )]
    Compare(CompareCommand),
    /// The architecture review (pros and cons, risks, limits, thresholds) regenerated from the model
    #[command(
        after_help = "Examples:\n  archplan report --users 50 > review.md\n  archplan report --lang fr --format html --out review.html\n  archplan report --profile all-aws --users 200\n\nWith --out, a file that archplan did not write (or that was edited since) is never replaced unless --force is given."
    )]
    Report(ReportArgs),
    /// Chart of monthly cost against users for every architecture (SVG)
    #[command(
        after_help = "Examples:\n  archplan chart --out cost.svg\n  archplan chart --profile current --profile serverless --lang fr > cost.svg\n  archplan chart --scale log --from 10 --to 5000 > cost.svg"
    )]
    Chart(ChartArgs),
    /// Cost and tier for every user count in a range (CSV or JSON)
    #[command(
        after_help = "Examples:\n  archplan sweep --to 1000 > current.csv\n  archplan sweep --all --from 1 --to 100000 --format json > sweep.json\n  archplan sweep --profile serverless --profile self-hosted --step 10 --to 2000"
    )]
    Sweep(SweepArgs),
    /// Print shell completions
    #[command(
        after_help = "Examples:\n  archplan completions bash > /etc/bash_completion.d/archplan\n  archplan completions zsh > \"${fpath[1]}/_archplan\"\n  archplan completions fish > ~/.config/fish/completions/archplan.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// How to read `--terraform`.
#[derive(Debug, Clone, Default, Args)]
pub struct TfOptions {
    /// Infracost usage file: quantities per resource address (with --terraform)
    #[arg(long, value_name = "FILE", requires = "terraform")]
    pub usage_file: Option<PathBuf>,
    /// A variable of the .tf folder, as name=value (repeatable; with --terraform)
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = crate::tfread::parse_var, requires = "terraform")]
    pub vars: Vec<(String, String)>,
    /// AWS region whose prices apply [default: the provider's region, else us-east-1] (with --terraform)
    #[arg(long, value_name = "REGION", requires = "terraform")]
    pub region: Option<String>,
}

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// The Terraform to compare: the JSON of `terraform show -json` (a plan
    /// or a state) or a folder of .tf files
    #[arg(long, value_name = "PATH")]
    pub terraform: PathBuf,
    /// Architecture the Terraform should implement [default: the folder's default profile]
    #[arg(long, short, value_name = "NAME")]
    pub profile: Option<String>,
    /// Number of users: the tier that holds them is the one compared
    #[arg(long, short, value_name = "N", value_parser = parse_users)]
    pub users: u64,
    #[command(flatten)]
    pub tf: TfOptions,
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
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
    /// Architecture to price [default: the folder's default profile]
    #[arg(long, short, value_name = "NAME")]
    pub profile: Option<String>,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Show the low and high estimate of every line
    #[arg(long)]
    pub range: bool,
    /// Price this Terraform instead of a profile: the JSON of `terraform show
    /// -json` (a plan or a state) or a folder of .tf files
    #[arg(long, value_name = "PATH", conflicts_with = "profile")]
    pub terraform: Option<PathBuf>,
    #[command(flatten)]
    pub tf: TfOptions,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to write into (created if missing)
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Write the four built-in architectures of the review instead of the starter
    #[arg(long)]
    pub example: bool,
    /// Replace files that already exist
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's format
    #[arg(value_enum, default_value_t = SchemaOf::Profile)]
    pub of: SchemaOf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaOf {
    /// An architecture profile
    Profile,
    /// budget.yaml: funding pools, spills, one-off balances
    Budget,
}

#[derive(Debug, Args)]
pub struct ProfilesArgs {
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// A user count (see [`crate::users`]); options that take several split
/// their value on commas first (`value_delimiter = ','`).
pub fn parse_users(s: &str) -> Result<u64, String> {
    crate::users::parse_user_count(s)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Github,
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Estimate {
    Low,
    Expected,
    High,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Profile to check (repeatable); all profiles when absent
    #[arg(long, short, value_name = "NAME")]
    pub profile: Vec<String>,
    /// User counts to check (comma-separated or repeated: 50,100); every tier at its own count when absent
    #[arg(long, short, value_name = "N", value_delimiter = ',', value_parser = parse_users)]
    pub users: Vec<u64>,
    /// Which end of the workload range to hold against the budget
    #[arg(long, value_enum, default_value_t = Estimate::Expected)]
    pub estimate: Estimate,
    /// Warn when a pool is used at or above this share (e.g. 80%)
    #[arg(long, value_name = "PERCENT", default_value = "80%", value_parser = parse_percent)]
    pub warn_at: rust_decimal::Decimal,
    /// Fail when the monthly cost per user is above this amount (USD)
    #[arg(long, value_name = "AMOUNT", value_parser = parse_amount)]
    pub max_per_user: Option<rust_decimal::Decimal>,
    /// Warnings fail the check too
    #[arg(long)]
    pub strict: bool,
    #[arg(long, short, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Gate this Terraform instead of the profiles (with --users): the JSON
    /// of `terraform show -json` or a folder of .tf files; findings point at
    /// the .tf line
    #[arg(long, value_name = "PATH", conflicts_with = "profile")]
    pub terraform: Option<PathBuf>,
    #[command(flatten)]
    pub tf: TfOptions,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The version before: a profiles folder, or a git revision (branch, tag, commit)
    #[arg(long, value_name = "DIR|GIT_REF", conflicts_with = "to_users")]
    pub base: Option<String>,
    /// The version after: a profiles folder [default: --profiles, or ./profiles]
    #[arg(long, value_name = "DIR")]
    pub head: Option<PathBuf>,
    /// User counts to compare at (comma-separated: 50,100); every tier count when absent
    #[arg(long, short, value_name = "N", value_delimiter = ',', value_parser = parse_users)]
    pub users: Vec<u64>,
    /// Compare the same profiles at --users and at this count instead
    #[arg(long, value_name = "N", value_parser = parse_users, requires = "users")]
    pub to_users: Option<u64>,
    /// Limit to one profile (repeatable)
    #[arg(long, short, value_name = "NAME")]
    pub profile: Vec<String>,
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Price this Terraform at --base (a git revision) and as it is now,
    /// instead of profiles (with --users): a folder of .tf files or the JSON
    /// of `terraform show -json`
    #[arg(long, value_name = "PATH", conflicts_with_all = ["profile", "head", "to_users"], requires = "base")]
    pub terraform: Option<PathBuf>,
    #[command(flatten)]
    pub tf: TfOptions,
}

/// "80%", "80" or "80.5%".
pub fn parse_percent(s: &str) -> Result<rust_decimal::Decimal, String> {
    let t = s.trim().trim_end_matches('%');
    match t.parse::<rust_decimal::Decimal>() {
        Ok(p) if p >= rust_decimal::Decimal::ZERO && p <= rust_decimal::Decimal::from(1000) => {
            Ok(p)
        }
        _ => Err("expected a percentage such as 80%".to_string()),
    }
}

/// "5", "5.50" or "$5.50".
pub fn parse_amount(s: &str) -> Result<rust_decimal::Decimal, String> {
    let t = s.trim().trim_start_matches('$').replace(',', "");
    match t.parse::<rust_decimal::Decimal>() {
        Ok(a) if !a.is_sign_negative() => Ok(a),
        Ok(_) => Err("expected an amount of 0 or more, e.g. 5.00".to_string()),
        Err(_) => Err("expected an amount in dollars, e.g. 5.00".to_string()),
    }
}

#[derive(Debug, Subcommand)]
pub enum PricingCommand {
    /// Show the price catalog: every unit price with its source and the date it was seen; flags stale ones
    #[command(
        after_help = "Examples:\n  archplan pricing show\n  archplan pricing show --vendor aws --stale-after 60d\n  archplan pricing show --stale-only --format json\n  archplan pricing show --pricing ./pricing-data --format markdown"
    )]
    Show(PricingShowArgs),
    /// Refresh AWS prices from the AWS Price List API (GetProducts) and rewrite the catalog files
    #[command(
        after_help = "Examples:\n  archplan pricing refresh --pricing ./pricing-data --dry-run\n  archplan pricing refresh --services rds,elasticache,s3,secretsmanager\n  AWS_PROFILE=billing archplan pricing refresh --region us-east-1\n\nCredentials come from the standard AWS chain (environment, ~/.aws, SSO, instance role); the IAM permission needed is pricing:GetProducts. The Price List API is called in us-east-1 whatever the price region. Exit status: 0 ok, 2 bad input (a [price.match] that names no product or two prices), 3 network or AWS failure; the catalog is left unchanged on any error."
    )]
    Refresh(PricingRefreshArgs),
    /// Update AWS prices from a downloaded bulk offer file (…/offers/v1.0/aws/{offer}/current/{region}/index.json)
    #[command(
        after_help = "Examples:\n  curl -O https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonRDS/current/us-east-1/index.json\n  archplan pricing import --offer-file index.json --pricing ./pricing-data\n  archplan pricing import --offer-file AmazonElastiCache.json --dry-run\n\nThe file is streamed: memory stays small whatever its size. No credentials are needed."
    )]
    Import(PricingImportArgs),
}

#[derive(Debug, Args)]
pub struct PricingShowArgs {
    /// Only these vendors (comma-separated: aws,vercel…)
    #[arg(long, value_name = "VENDOR", value_delimiter = ',')]
    pub vendor: Vec<String>,
    /// Flag prices seen longer ago than this (90d, 12w)
    #[arg(long, value_name = "AGE", default_value = "90d")]
    pub stale_after: crate::pricing::staleness::MaxAge,
    /// Only list stale prices
    #[arg(long)]
    pub stale_only: bool,
    /// Only list models their vendor retires, by retirement date (retired, retiring within 90 days, later)
    #[arg(long)]
    pub retiring: bool,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct PricingRefreshArgs {
    /// Region of the catalog prices to refresh
    #[arg(long, value_name = "REGION", default_value = "us-east-1")]
    pub region: String,
    /// Only these services (comma-separated: rds,elasticache,s3,secretsmanager,ec2,vpc,elb,ecs,datatransfer,amplify,bedrock,transcribe, or a Price List service code)
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub services: Vec<String>,
    /// Show what would change; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Send Price List requests to this endpoint instead of AWS's (AWS_ENDPOINT_URL_PRICING works too)
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Time limit for each request attempt (30s, 500ms)
    #[arg(long, value_name = "DURATION", default_value = "30s", env = "ARCHPLAN_PRICING_TIMEOUT", value_parser = crate::pricing::refresh::parse_duration)]
    pub timeout: std::time::Duration,
    /// Attempts per request, retries included (throttling and server errors are retried)
    #[arg(long, value_name = "N", default_value_t = 3, env = "AWS_MAX_ATTEMPTS", value_parser = clap::value_parser!(u32).range(1..=20))]
    pub max_attempts: u32,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct PricingImportArgs {
    /// AWS bulk offer file (index.json of one service and region)
    #[arg(long, value_name = "PATH")]
    pub offer_file: PathBuf,
    /// Region of the catalog prices the file updates
    #[arg(long, value_name = "REGION", default_value = "us-east-1")]
    pub region: String,
    /// Show what would change; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Also add every on-demand RDS instance class (PostgreSQL, MySQL), RDS
    /// storage type (gp2, gp3, io1) and ElastiCache node type (Redis OSS,
    /// Valkey, Memcached) of the file the catalog lacks, into the compact
    /// file aws-REGION-added.csv of the pricing folder
    #[arg(long)]
    pub add: bool,
    /// Output format
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(subcommand)]
    pub target: RenderTarget,
}

#[derive(Debug, Subcommand)]
pub enum RenderTarget {
    /// A Terraform module for the AWS components of the tier that holds N users
    #[command(
        after_help = "Examples:\n  archplan render terraform\n  archplan render terraform --users 100 --out terraform\n  archplan render terraform --profile all-aws --users 500 --out infra/aws --format json\n\nThe folder gets a .archplan-manifest.json with the hash of each file written. Rendering again replaces archplan's own unchanged files, removes those the new tier no longer needs, and refuses (exit 2) to overwrite a file edited by hand or not generated by archplan, unless --force."
    )]
    Terraform(TerraformArgs),
}

#[derive(Debug, Args)]
pub struct TerraformArgs {
    /// Architecture to render [default: the folder's default profile]
    #[arg(long, short, value_name = "NAME")]
    pub profile: Option<String>,
    /// Number of users; the smallest tier that holds them is rendered
    #[arg(long, short, default_value = "50", value_name = "N", value_parser = parse_users)]
    pub users: u64,
    /// Folder to write the module to (created if missing; its parent must exist)
    #[arg(long, short, default_value = "terraform", value_name = "DIR")]
    pub out: PathBuf,
    /// AWS region to deploy to [default: the profile's region]
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Overwrite files edited by hand or not generated by archplan
    #[arg(long)]
    pub force: bool,
    /// Output format of the summary
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum CompareCommand {
    /// Every architecture side by side: cost range, per user, budget fit, headroom, next threshold, qualities
    #[command(
        after_help = "Examples:\n  archplan compare alternatives\n  archplan compare alternatives --users 50 --format markdown\n  archplan compare alternatives --users 120 --baseline serverless --format json"
    )]
    Alternatives(CompareArgs),
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// User counts (comma-separated: 50,100; default: every tier size of every profile)
    #[arg(long, short, value_name = "N", value_delimiter = ',', value_parser = parse_users)]
    pub users: Vec<u64>,
    /// Architecture the differences are measured against [default: the folder's default profile, else the first]
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
    /// Architecture under review [default: the folder's default profile]
    #[arg(long, short, value_name = "NAME")]
    pub profile: Option<String>,
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
    #[arg(long, value_enum, default_value_t = Scale::Linear)]
    pub scale: Scale,
    /// Fewest users shown (default: 0 on a linear axis, 10 on a log one)
    #[arg(long, value_name = "N", value_parser = parse_axis_users)]
    pub from: Option<u64>,
    /// Most users shown (default: a tenth past the largest tier; 1,000 or twice the largest tier on a log axis)
    #[arg(long, value_name = "N", value_parser = parse_users)]
    pub to: Option<u64>,
    /// Architectures drawn (repeatable; default: all)
    #[arg(long, short, value_name = "NAME")]
    pub profile: Vec<String>,
    /// Language of the chart's words
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
}

/// Where a users axis starts: like a user count, but 0 is allowed.
fn parse_axis_users(s: &str) -> Result<u64, String> {
    match s.trim().replace(['_', ','], "").as_str() {
        "0" => Ok(0),
        _ => parse_users(s),
    }
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
    /// Architecture to sweep (repeat for several) [default: the folder's default profile]
    #[arg(long, short, value_name = "NAME", conflicts_with = "all")]
    pub profile: Vec<String>,
    /// Sweep every architecture
    #[arg(long)]
    pub all: bool,
    #[arg(long, short, value_enum, default_value_t = SweepFormat::Csv)]
    pub format: SweepFormat,
}
