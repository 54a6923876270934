//! The workload drivers the built-in kinds read: what each one is, in which
//! unit, and its default when one is sensible. A driver a `metered` line
//! names is the profile's own and needs no entry here.

use rust_decimal::Decimal;

pub struct DriverDef {
    pub name: &'static str,
    pub unit: &'static str,
    /// The value used when the workload does not give the driver.
    pub default: Option<Decimal>,
    /// A share (0–1) rather than a count.
    pub share: bool,
}

const fn def(name: &'static str, unit: &'static str) -> DriverDef {
    DriverDef {
        name,
        unit,
        default: None,
        share: false,
    }
}

const fn share(name: &'static str, unit: &'static str, default: Option<Decimal>) -> DriverDef {
    DriverDef {
        name,
        unit,
        default,
        share: true,
    }
}

pub const BUILT_IN: &[DriverDef] = &[
    def("ai_calls", "AI requests per user per month"),
    // With no cache, every AI request reaches a model.
    share(
        "cache_hit_rate",
        "share of AI requests answered from the cache (0–1)",
        Some(Decimal::ZERO),
    ),
    def("input_tokens_per_call", "prompt tokens per model call"),
    def("output_tokens_per_call", "completion tokens per model call"),
    def("videos", "videos uploaded per user per month"),
    def("video_minutes", "minutes of audio per video"),
    def("video_mb_original", "MB per uploaded video"),
    def("video_mb_compressed", "MB per stored video"),
    def("video_storage_months", "months of compressed videos kept"),
    def("s3_puts_per_video", "S3 PUT/POST requests per video"),
    def("video_views", "S3 GET requests per video"),
    def(
        "video_egress_mb_per_video",
        "MB of video served to the internet per uploaded video",
    ),
    def(
        "web_bandwidth_gb",
        "GB served by the front end per user per month",
    ),
    def(
        "nat_processed_gb",
        "GB per user per month through a NAT gateway",
    ),
    def("qstash_messages_per_video", "QStash messages per video"),
    def("cache_commands", "Redis commands per user per month"),
    def(
        "secrets_api_calls",
        "Secrets Manager API calls per user per month",
    ),
    def(
        "ssr_requests",
        "server-rendered requests per user per month",
    ),
    def("messages_stored", "messages stored per user"),
    def("message_kb", "KB per stored message"),
    share(
        "concurrent_share",
        "share of users online at the busiest hour (0–1)",
        None,
    ),
];

pub fn built_in(name: &str) -> Option<&'static DriverDef> {
    BUILT_IN.iter().find(|d| d.name == name)
}
