//! An architecture: tiers keyed by user count, each a list of priced components.

use super::review::{Concern, Recommendations, Risk, Section, Text, VariableCost};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One candidate architecture (`profiles/<name>.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Short name used on the command line (`--profile current`).
    pub name: String,
    /// One-line description, e.g. "Vercel + AWS + Upstash QStash + Azure OpenAI".
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Cloud region the AWS prices are taken from.
    #[serde(default = "default_region")]
    pub region: String,
    /// Qualitative axes weighed when comparing architectures.
    #[serde(default)]
    pub qualities: Qualities,
    /// Tiers, each sized for a user count; the smallest that holds N users is used.
    pub tiers: Vec<Tier>,
}

pub fn default_region() -> String {
    "us-east-1".to_string()
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Qualities {
    /// Operations burden: low | medium | high.
    #[serde(default)]
    pub ops_burden: Option<Level>,
    /// Vendor lock-in: low | medium | high.
    #[serde(default)]
    pub lock_in: Option<Level>,
    /// Service-level agreement, in words ("99.95% (RDS Multi-AZ)", "none").
    #[serde(default)]
    pub sla: Option<Text>,
    #[serde(default)]
    pub pros: Vec<Text>,
    #[serde(default)]
    pub cons: Vec<Text>,
    /// Single points of failure and security exposures, with the change that
    /// removes each (priced by the engine).
    #[serde(default)]
    pub risks: Vec<Risk>,
    /// Advantages by theme, for the review (`archplan report`).
    #[serde(default)]
    pub advantages: Vec<Section>,
    /// What ties the architecture to its vendors, and how to loosen it.
    #[serde(default)]
    pub lock_in_notes: Vec<Concern>,
    /// What makes it hard to run, and how to cope.
    #[serde(default)]
    pub operations: Vec<Concern>,
    /// Why usage-driven costs may grow, per component, and how to contain them.
    #[serde(default)]
    pub variable_costs: Vec<VariableCost>,
    #[serde(default)]
    pub recommendations: Recommendations,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// The user count this tier is sized for.
    pub users: u64,
    /// Why the tier looks the way it does.
    #[serde(default)]
    pub note: String,
    pub components: Vec<Component>,
}

/// What a component is; decides which sizes it takes and how it is priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Amazon RDS for PostgreSQL: instance_class, storage_gb, multi_az, read_replicas.
    RdsPostgres,
    /// Amazon ElastiCache (Redis OSS): node_type, nodes.
    ElasticacheRedis,
    /// Amazon S3 bucket for videos, with its internet egress: sized by the workload.
    S3,
    /// AWS Secrets Manager: secrets.
    SecretsManager,
    /// NAT gateway for private subnets: count.
    NatGateway,
    /// Application Load Balancer: count, lcu.
    LoadBalancer,
    /// In-use public IPv4 addresses: count.
    PublicIpv4,
    /// ECS on Fargate: tasks, vcpu, memory_gb.
    Fargate,
    /// AWS Amplify Hosting: build_minutes, storage_gb; traffic from the workload.
    Amplify,
    /// Vercel: plan (hobby | pro), seats.
    Vercel,
    /// Upstash QStash messages for background jobs, from the workload.
    Qstash,
    /// Upstash Redis, pay as you go, from the workload.
    UpstashRedis,
    /// Supabase: plan (pro), compute (small | medium | large).
    Supabase,
    /// A Hetzner server: server (cpx31, ax52, gex44 …), count.
    HetznerServer,
    /// A Hetzner Storage Box for backups: server (bx11), count.
    HetznerStorageBox,
    /// Language model and transcription: provider, model, transcription.
    Llm,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::RdsPostgres => "rds-postgres",
            Kind::ElasticacheRedis => "elasticache-redis",
            Kind::S3 => "s3",
            Kind::SecretsManager => "secrets-manager",
            Kind::NatGateway => "nat-gateway",
            Kind::LoadBalancer => "load-balancer",
            Kind::PublicIpv4 => "public-ipv4",
            Kind::Fargate => "fargate",
            Kind::Amplify => "amplify",
            Kind::Vercel => "vercel",
            Kind::Qstash => "qstash",
            Kind::UpstashRedis => "upstash-redis",
            Kind::Supabase => "supabase",
            Kind::HetznerServer => "hetzner-server",
            Kind::HetznerStorageBox => "hetzner-storage-box",
            Kind::Llm => "llm",
        }
    }

    /// Whether the component is part of the AWS estate `render terraform` writes.
    pub fn is_aws(self) -> bool {
        matches!(
            self,
            Kind::RdsPostgres
                | Kind::ElasticacheRedis
                | Kind::S3
                | Kind::SecretsManager
                | Kind::NatGateway
                | Kind::LoadBalancer
                | Kind::PublicIpv4
                | Kind::Fargate
                | Kind::Amplify
        )
    }
}

/// A priced part of a tier. Which size fields apply depends on `kind`; a field
/// that does not apply is an error, so a typo cannot silently change nothing.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// Unique within the tier ("database", "cache").
    pub name: String,
    pub kind: Kind,
    /// Funding pool that pays for it (a pool of the budget: aws, azure, cash).
    pub pool: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,

    // rds-postgres
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_class: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_gb: Option<u64>,
    /// Upper limit for storage autoscaling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_storage_gb: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_az: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_replicas: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_retention_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publicly_accessible: Option<bool>,

    // elasticache-redis
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_type: Option<String>,
    /// Nodes in total (primary + replicas, across shards).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nodes: Option<u32>,
    /// Cluster mode shards; absent or 1 means cluster mode disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shards: Option<u32>,

    // secrets-manager
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<u32>,

    // nat-gateway, load-balancer, public-ipv4, hetzner-*
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Average Load Balancer Capacity Units in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<f64>")]
    pub lcu: Option<Decimal>,

    // fargate
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tasks: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<f64>")]
    pub vcpu: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<f64>")]
    pub memory_gb: Option<Decimal>,

    // amplify
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_minutes: Option<u64>,

    // vercel, supabase
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compute: Option<String>,

    // hetzner-server, hetzner-storage-box
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,

    // llm
    /// azure | openai | bedrock | ollama
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Speech-to-text for videos: whisper | transcribe | none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcription: Option<String>,

    /// Deliberate security or resilience trade-offs, rendered as checkov skips.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trade_offs: Vec<TradeOff>,
}

impl Component {
    /// The size fields that are set, by name (what validation checks against
    /// the kind). Kept in step with the struct by a test.
    pub fn set_fields(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.instance_class.is_some() {
            out.push("instance_class");
        }
        if self.storage_gb.is_some() {
            out.push("storage_gb");
        }
        if self.max_storage_gb.is_some() {
            out.push("max_storage_gb");
        }
        if self.multi_az.is_some() {
            out.push("multi_az");
        }
        if self.read_replicas.is_some() {
            out.push("read_replicas");
        }
        if self.backup_retention_days.is_some() {
            out.push("backup_retention_days");
        }
        if self.publicly_accessible.is_some() {
            out.push("publicly_accessible");
        }
        if self.node_type.is_some() {
            out.push("node_type");
        }
        if self.nodes.is_some() {
            out.push("nodes");
        }
        if self.shards.is_some() {
            out.push("shards");
        }
        if self.secrets.is_some() {
            out.push("secrets");
        }
        if self.count.is_some() {
            out.push("count");
        }
        if self.lcu.is_some() {
            out.push("lcu");
        }
        if self.tasks.is_some() {
            out.push("tasks");
        }
        if self.vcpu.is_some() {
            out.push("vcpu");
        }
        if self.memory_gb.is_some() {
            out.push("memory_gb");
        }
        if self.build_minutes.is_some() {
            out.push("build_minutes");
        }
        if self.plan.is_some() {
            out.push("plan");
        }
        if self.seats.is_some() {
            out.push("seats");
        }
        if self.compute.is_some() {
            out.push("compute");
        }
        if self.server.is_some() {
            out.push("server");
        }
        if self.provider.is_some() {
            out.push("provider");
        }
        if self.model.is_some() {
            out.push("model");
        }
        if self.transcription.is_some() {
            out.push("transcription");
        }
        if !self.note.is_empty() {
            out.push("note");
        }
        if !self.trade_offs.is_empty() {
            out.push("trade_offs");
        }
        out
    }
}

/// A check the team knowingly does not meet, and why.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TradeOff {
    /// checkov check id, e.g. CKV_AWS_157.
    pub check: String,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_fields_names_every_field_serde_writes() {
        let yaml = "name: x\nkind: rds-postgres\npool: aws\nnote: n\ninstance_class: a\nstorage_gb: 1\nmax_storage_gb: 1\nmulti_az: true\nread_replicas: 1\nbackup_retention_days: 1\npublicly_accessible: true\nnode_type: a\nnodes: 1\nshards: 1\nsecrets: 1\ncount: 1\nlcu: 1\ntasks: 1\nvcpu: 1\nmemory_gb: 1\nbuild_minutes: 1\nplan: a\nseats: 1\ncompute: a\nserver: a\nprovider: a\nmodel: a\ntranscription: a\ntrade_offs: [{check: CKV_AWS_1, reason: r}]\n";
        let c: Component = serde_yaml::from_str(yaml).unwrap();
        let json = serde_json::to_value(&c).unwrap();
        let mut by_serde: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|k| !["name", "kind", "pool"].contains(k))
            .collect();
        let mut ours = c.set_fields();
        by_serde.sort_unstable();
        ours.sort_unstable();
        assert_eq!(ours, by_serde);
    }
}
