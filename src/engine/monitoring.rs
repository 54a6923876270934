//! What the rendered Terraform module watches, shared by the cost engine (which
//! prices it) and the Terraform context (which renders it), so that the
//! alarms priced are the alarms created.
//!
//! Each database instance and each cache node gets alarms on what saturates
//! first on it; burstable (`t`) classes also on their CPU credit balance.

use rust_decimal::Decimal;

/// One CloudWatch alarm of a database instance or a cache node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alarm {
    /// CPUCreditBalance of a burstable database instance.
    DatabaseCpuCredits,
    /// FreeableMemory.
    DatabaseMemory,
    /// DatabaseConnections, against max_connections.
    DatabaseConnections,
    /// FreeStorageSpace.
    DatabaseStorage,
    /// ReplicaLag of a read replica.
    ReplicaLag,
    /// DatabaseMemoryUsagePercentage of a cache node.
    CacheMemory,
    /// CPUCreditBalance of a burstable cache node.
    CacheCpuCredits,
}

/// Whether an RDS or ElastiCache class earns CPU credits (db.t4g.small, cache.t4g.micro).
pub fn burstable(class: &str) -> bool {
    class
        .split('.')
        .nth(1)
        .is_some_and(|family| family.starts_with('t'))
}

/// The alarms of one database instance.
pub fn database_alarms(class: &str, replica: bool) -> Vec<Alarm> {
    let mut out = Vec::new();
    if burstable(class) {
        out.push(Alarm::DatabaseCpuCredits);
    }
    out.extend([
        Alarm::DatabaseMemory,
        Alarm::DatabaseConnections,
        Alarm::DatabaseStorage,
    ]);
    if replica {
        out.push(Alarm::ReplicaLag);
    }
    out
}

/// The alarms of one cache node.
pub fn cache_alarms(node_type: &str) -> Vec<Alarm> {
    let mut out = vec![Alarm::CacheMemory];
    if burstable(node_type) {
        out.push(Alarm::CacheCpuCredits);
    }
    out
}

/// Alarms of a database with its read replicas.
pub fn database_alarm_count(class: &str, read_replicas: u32) -> u32 {
    let primary = database_alarms(class, false).len() as u32;
    let replica = database_alarms(class, true).len() as u32;
    primary + replica * read_replicas
}

/// Alarms of a cache of `nodes` nodes.
pub fn cache_alarm_count(node_type: &str, nodes: u32) -> u32 {
    cache_alarms(node_type).len() as u32 * nodes
}

/// Log groups RDS exports to per instance: `postgresql` and `upgrade`.
pub const DATABASE_LOG_EXPORTS: [&str; 2] = ["postgresql", "upgrade"];

/// Days the module keeps every log group it creates (CloudWatch Logs
/// storage is billed for what is kept).
pub const LOG_RETENTION_DAYS: u32 = 365;

/// GB of logs a database instance sends to CloudWatch in a month: an
/// assumption, not a measure. With `log_statement = none` only errors,
/// connections refused and statements slower than a second are logged.
pub fn database_log_gb_per_instance() -> Decimal {
    Decimal::new(5, 1)
}

/// GB of logs a Fargate task sends to CloudWatch in a month: an assumption
/// for an application that logs one structured line per request.
pub fn task_log_gb_per_task() -> Decimal {
    Decimal::ONE
}

/// GB-months stored once retention is full: a year of logs, kept a year.
pub fn stored_log_gb(monthly_gb: Decimal) -> Decimal {
    monthly_gb * Decimal::from(LOG_RETENTION_DAYS) / Decimal::from(365) * Decimal::from(12)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burstable_classes_are_the_t_families() {
        assert!(burstable("db.t4g.small"));
        assert!(burstable("cache.t4g.medium"));
        assert!(!burstable("db.m7g.large"));
        assert!(!burstable("cache.r7g.large"));
    }

    #[test]
    fn replicas_add_lag_alarms() {
        assert_eq!(database_alarm_count("db.t4g.small", 0), 4);
        assert_eq!(database_alarm_count("db.t4g.large", 1), 9);
        assert_eq!(database_alarm_count("db.m7g.large", 1), 7);
        assert_eq!(cache_alarm_count("cache.t4g.medium", 4), 8);
    }

    #[test]
    fn a_year_of_logs_is_stored() {
        assert_eq!(stored_log_gb(Decimal::ONE), Decimal::from(12));
    }
}
