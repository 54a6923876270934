//! The `aws_cloudwatch_metric_alarm` blocks of what the module watches: each
//! kind that has alarms (`engine::monitoring` lists them, so that the alarms
//! priced are the alarms created) says where they look.

use super::context::AlarmBlock;
use crate::engine::monitoring::Alarm;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// CPU credits a burstable class earns an hour (t3/t4g), when archplan knows it.
fn credits_per_hour(class: &str) -> Option<u64> {
    Some(match class.rsplit('.').next()? {
        "micro" => 12,
        "small" | "medium" => 24,
        "large" => 36,
        "xlarge" => 96,
        "2xlarge" => 192,
        _ => return None,
    })
}

/// Alarm when the balance falls below a fifth of what a day earns: the
/// instance is about to be held to its baseline (or billed for surplus credits).
fn credit_threshold(class: &str) -> String {
    credits_per_hour(class).map_or_else(|| "20".to_string(), |c| (c * 24 / 5).to_string())
}

/// Where an alarm looks: its resource name, alarm name, namespace and dimension.
pub struct Watched<'a> {
    /// The component the alarm watches (and whose lines bill it).
    pub component: &'a str,
    pub resource: &'a str,
    pub name: &'a str,
    pub namespace: &'a str,
    pub dimension: &'a str,
    /// HCL expression of the dimension's value.
    pub value: &'a str,
    /// Instance class or node type.
    pub class: &'a str,
    /// Its memory, from its price entry, when the catalog has it.
    pub memory_gib: Option<Decimal>,
    pub storage_gb: u64,
}

pub fn alarm_block(alarm: Alarm, w: &Watched) -> AlarmBlock {
    let bytes = w
        .memory_gib
        .and_then(|g| (g * Decimal::from(1u64 << 30)).floor().to_u64());
    let (metric, statistic, comparison, threshold, description) = match alarm {
        Alarm::DatabaseCpuCredits | Alarm::CacheCpuCredits => (
            "CPUCreditBalance",
            "Minimum",
            "LessThanThreshold",
            credit_threshold(w.class),
            "CPU credits nearly spent: it will run at its baseline (a database in Unlimited mode is billed for surplus credits)",
        ),
        Alarm::DatabaseMemory => (
            "FreeableMemory",
            "Average",
            "LessThanThreshold",
            // 10% of the class's memory, in bytes (256 MiB for a class the catalog has no memory for).
            bytes.map_or(256 * 1024 * 1024, |b| b / 10)
                .to_string(),
            "Less than 10% of memory free: queries will spill to disk",
        ),
        Alarm::DatabaseConnections => (
            "DatabaseConnections",
            "Maximum",
            "GreaterThanThreshold",
            // 80% of RDS's default max_connections: memory / 9,531,392 bytes.
            bytes.map_or(80, |b| b / 9_531_392 * 8 / 10)
                .to_string(),
            "Connections above 80% of max_connections: add a pooler or a larger class",
        ),
        Alarm::DatabaseStorage => (
            "FreeStorageSpace",
            "Minimum",
            "LessThanThreshold",
            // 5% of the allocated storage, in bytes.
            (w.storage_gb * 1_000_000_000 / 20).to_string(),
            "Less than 5% of the storage free",
        ),
        Alarm::ReplicaLag => (
            "ReplicaLag",
            "Maximum",
            "GreaterThanThreshold",
            "60".to_string(),
            "The read replica is more than a minute behind the primary",
        ),
        Alarm::CacheMemory => (
            "DatabaseMemoryUsagePercentage",
            "Average",
            "GreaterThanThreshold",
            "80".to_string(),
            "Cache memory above 80%: keys will be evicted",
        ),
    };
    AlarmBlock {
        component: w.component.to_string(),
        resource: format!("{}_{}", w.resource, alarm_suffix(alarm)),
        name: format!("{}-{}", w.name, alarm_suffix(alarm).replace('_', "-")),
        description: description.to_string(),
        namespace: w.namespace.to_string(),
        metric: metric.to_string(),
        statistic: statistic.to_string(),
        comparison: comparison.to_string(),
        threshold,
        period: 300,
        evaluation_periods: 3,
        dimension: w.dimension.to_string(),
        dimension_value: w.value.to_string(),
        count: None,
    }
}

fn alarm_suffix(alarm: Alarm) -> &'static str {
    match alarm {
        Alarm::DatabaseCpuCredits | Alarm::CacheCpuCredits => "cpu_credits",
        Alarm::DatabaseMemory => "memory",
        Alarm::DatabaseConnections => "connections",
        Alarm::DatabaseStorage => "storage",
        Alarm::ReplicaLag => "replica_lag",
        Alarm::CacheMemory => "memory",
    }
}
