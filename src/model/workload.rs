//! Per-user monthly drivers of usage-based cost, each with a low, expected and
//! high value. Ranges in, ranges out: a cost range is these ranges priced.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which end of every driver range a computation uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scenario {
    Low,
    Expected,
    High,
}

impl Scenario {
    pub const ALL: [Scenario; 3] = [Scenario::Low, Scenario::Expected, Scenario::High];

    pub fn as_str(self) -> &'static str {
        match self {
            Scenario::Low => "low",
            Scenario::Expected => "expected",
            Scenario::High => "high",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Driver {
    #[schemars(with = "f64")]
    pub low: Decimal,
    #[schemars(with = "f64")]
    pub expected: Decimal,
    #[schemars(with = "f64")]
    pub high: Decimal,
    /// What one unit is ("calls per user per month").
    pub unit: crate::model::review::Text,
    /// Where the figure comes from.
    #[serde(default)]
    pub why: String,
}

impl Driver {
    /// The value a scenario uses, where a higher value means a higher cost.
    pub fn at(&self, s: Scenario) -> Decimal {
        match s {
            Scenario::Low => self.low,
            Scenario::Expected => self.expected,
            Scenario::High => self.high,
        }
    }

    /// The value a scenario uses, where a higher value means a *lower* cost
    /// (a cache hit rate): the high-cost scenario takes the low end.
    pub fn at_inverse(&self, s: Scenario) -> Decimal {
        match s {
            Scenario::Low => self.high,
            Scenario::Expected => self.expected,
            Scenario::High => self.low,
        }
    }
}

/// `profiles/workload.yaml`. Every driver is per user per month unless its unit says otherwise.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    pub ai_calls: Driver,
    /// Share of AI calls answered from the cache (0–1); a hit costs no tokens.
    pub cache_hit_rate: Driver,
    pub input_tokens_per_call: Driver,
    pub output_tokens_per_call: Driver,
    pub videos: Driver,
    pub video_minutes: Driver,
    pub video_mb_original: Driver,
    pub video_mb_compressed: Driver,
    /// Months of compressed video kept in S3 Standard.
    pub video_storage_months: Driver,
    pub s3_puts_per_video: Driver,
    pub video_views: Driver,
    pub video_egress_gb: Driver,
    pub web_bandwidth_gb: Driver,
    /// GB per user through a NAT gateway (private workers reaching the internet).
    pub nat_processed_gb: Driver,
    pub qstash_messages_per_video: Driver,
    pub cache_commands: Driver,
    pub secrets_api_calls: Driver,
    pub ssr_requests: Driver,
    pub messages_stored: Driver,
    pub message_kb: Driver,
    /// Share of users online at the same time at the busiest hour (0–1).
    pub concurrent_share: Driver,
}

impl Workload {
    /// Every driver with its field name, for validation and display.
    pub fn drivers(&self) -> Vec<(&'static str, &Driver)> {
        vec![
            ("ai_calls", &self.ai_calls),
            ("cache_hit_rate", &self.cache_hit_rate),
            ("input_tokens_per_call", &self.input_tokens_per_call),
            ("output_tokens_per_call", &self.output_tokens_per_call),
            ("videos", &self.videos),
            ("video_minutes", &self.video_minutes),
            ("video_mb_original", &self.video_mb_original),
            ("video_mb_compressed", &self.video_mb_compressed),
            ("video_storage_months", &self.video_storage_months),
            ("s3_puts_per_video", &self.s3_puts_per_video),
            ("video_views", &self.video_views),
            ("video_egress_gb", &self.video_egress_gb),
            ("web_bandwidth_gb", &self.web_bandwidth_gb),
            ("nat_processed_gb", &self.nat_processed_gb),
            ("qstash_messages_per_video", &self.qstash_messages_per_video),
            ("cache_commands", &self.cache_commands),
            ("secrets_api_calls", &self.secrets_api_calls),
            ("ssr_requests", &self.ssr_requests),
            ("messages_stored", &self.messages_stored),
            ("message_kb", &self.message_kb),
            ("concurrent_share", &self.concurrent_share),
        ]
    }

    /// Drivers that are shares and must lie in 0–1.
    pub const SHARES: [&'static str; 2] = ["cache_hit_rate", "concurrent_share"];
}
