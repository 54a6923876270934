//! Monthly usage at N users: the workload drivers multiplied out.

use crate::model::workload::{Scenario, Workload};
use rust_decimal::Decimal;
use serde::Serialize;

/// Everything usage-driven a month of N users consumes, in base units.
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
}

impl Usage {
    /// Usage of `users` users. Products of three drivers stay below 10^18 per
    /// user (validation caps drivers at 10^6), far inside decimal range.
    pub fn at(workload: &Workload, users: u64, s: Scenario) -> Usage {
        let w = workload;
        let n = Decimal::from(users);
        let ai_calls = n * w.ai_calls.at(s);
        let miss = Decimal::ONE - w.cache_hit_rate.at_inverse(s);
        let ai_model_calls = ai_calls * miss;
        let videos = n * w.videos.at(s);
        let messages_stored = n * w.messages_stored.at(s);
        Usage {
            users: n,
            ai_calls,
            ai_model_calls,
            input_tokens: ai_model_calls * w.input_tokens_per_call.at(s),
            output_tokens: ai_model_calls * w.output_tokens_per_call.at(s),
            videos,
            video_minutes: videos * w.video_minutes.at(s),
            video_storage_gb: videos * w.video_mb_compressed.at(s) * w.video_storage_months.at(s)
                / Decimal::from(1_000),
            s3_puts: videos * w.s3_puts_per_video.at(s),
            s3_gets: videos * w.video_views.at(s),
            video_egress_gb: n * w.video_egress_gb.at(s),
            web_bandwidth_gb: n * w.web_bandwidth_gb.at(s),
            nat_processed_gb: n * w.nat_processed_gb.at(s),
            qstash_messages: videos * w.qstash_messages_per_video.at(s),
            cache_commands: n * w.cache_commands.at(s),
            secrets_api_calls: n * w.secrets_api_calls.at(s),
            ssr_requests: n * w.ssr_requests.at(s),
            messages_stored,
            message_storage_gb: messages_stored * w.message_kb.at(s) / Decimal::from(1_000_000),
            concurrent_users: n * w.concurrent_share.at(s),
        }
    }
}
