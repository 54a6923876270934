//! Monthly usage at N users: the workload drivers multiplied out.

use crate::model::workload::{Scenario, Workload};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Serialize;

/// Everything usage-driven a month of N users consumes, in base units. A
/// quantity derived from a driver follows it: no videos, no video egress.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Usage {
    pub users: Decimal,
    pub ai_calls: Decimal,
    /// Calls that miss the cache and reach a model.
    pub ai_model_calls: Decimal,
    pub input_tokens: Decimal,
    pub output_tokens: Decimal,
    pub videos: Decimal,
    pub video_minutes: Decimal,
    /// GB of compressed video kept in S3 Standard (1 GB = 1,000 MB).
    pub video_storage_gb: Decimal,
    pub s3_puts: Decimal,
    pub s3_gets: Decimal,
    pub video_egress_gb: Decimal,
    pub web_bandwidth_gb: Decimal,
    pub nat_processed_gb: Decimal,
    pub qstash_messages: Decimal,
    pub cache_commands: Decimal,
    pub secrets_api_calls: Decimal,
    pub ssr_requests: Decimal,
    pub messages_stored: Decimal,
    /// GB of stored messages (1 GB = 1,000,000 KB).
    pub message_storage_gb: Decimal,
    pub concurrent_users: Decimal,
    /// Every driver of the workload times the users (for `metered` lines).
    #[serde(skip)]
    per_driver: IndexMap<String, Decimal>,
}

impl Usage {
    /// Usage of `users` users. Products of three drivers stay below 10^18 per
    /// user (validation caps drivers at 10^6), far inside decimal range.
    pub fn at(workload: &Workload, users: u64, s: Scenario) -> Usage {
        let v = |name: &str| workload.value(name, s);
        let n = Decimal::from(users);
        let ai_calls = n * v("ai_calls");
        let miss = Decimal::ONE - workload.value_inverse("cache_hit_rate", s);
        let ai_model_calls = ai_calls * miss;
        let videos = n * v("videos");
        let messages_stored = n * v("messages_stored");
        Usage {
            users: n,
            ai_calls,
            ai_model_calls,
            input_tokens: ai_model_calls * v("input_tokens_per_call"),
            output_tokens: ai_model_calls * v("output_tokens_per_call"),
            videos,
            video_minutes: videos * v("video_minutes"),
            video_storage_gb: videos * v("video_mb_compressed") * v("video_storage_months")
                / Decimal::from(1_000),
            s3_puts: videos * v("s3_puts_per_video"),
            s3_gets: videos * v("video_views"),
            video_egress_gb: videos * v("video_egress_mb_per_video") / Decimal::from(1_000),
            web_bandwidth_gb: n * v("web_bandwidth_gb"),
            nat_processed_gb: n * v("nat_processed_gb"),
            qstash_messages: videos * v("qstash_messages_per_video"),
            cache_commands: n * v("cache_commands"),
            secrets_api_calls: n * v("secrets_api_calls"),
            ssr_requests: n * v("ssr_requests"),
            messages_stored,
            message_storage_gb: messages_stored * v("message_kb") / Decimal::from(1_000_000),
            concurrent_users: n * v("concurrent_share"),
            per_driver: workload
                .drivers
                .iter()
                .map(|(name, d)| (name.clone(), n * d.at(s)))
                .collect(),
        }
    }

    /// A driver times the users: what a `metered` line is billed on.
    pub fn driver(&self, name: &str) -> Decimal {
        self.per_driver.get(name).copied().unwrap_or(Decimal::ZERO)
    }
}
