//! Component kinds: one module per kind, each owning its typed spec (the
//! fields a profile gives it), its validation, the lines it bills, the
//! workload drivers it reads and the size it shows.
//!
//! The list below is the only place a kind is registered: the macro derives
//! the tagged [`Spec`] enum (and so the JSON Schema), the [`Kind`] ids and the
//! dispatch to [`ComponentKind`], with no wildcard arm anywhere, so a new kind
//! makes the compiler point at every `match` over kinds that must handle it.

pub mod amplify;
pub mod cloudfront;
pub mod cloudwatch_logs;
pub mod drivers;
pub mod elasticache_redis;
pub mod fargate;
pub mod fixed;
pub mod follows;
pub mod hetzner_server;
pub mod hetzner_storage_box;
pub mod lambda;
pub mod llm;
pub mod load_balancer;
pub mod metered;
pub mod nat_gateway;
pub mod network;
pub mod number;
#[cfg(test)]
pub mod probe;
pub mod public_ipv4;
pub mod qstash;
pub mod rds_postgres;
pub mod s3;
pub mod secrets_manager;
pub mod supabase;
pub mod upstash_redis;
pub mod vercel;

use crate::engine::capacity::{Fact, Limit, Resource, Sizing};
use crate::engine::charges::Charge;
use crate::engine::quantities::Usage;
use crate::engine::size::Size;
use crate::error::{closest, Error, Result};
use crate::model::locate::YamlPath;
use crate::model::profile::Profile;
use crate::model::Document;
use crate::render::terraform::assembly::ModulePart;
use rust_decimal::Decimal;

/// Why a kind reads a driver: to bill usage, or only to size the component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DriverUse {
    /// A usage line is priced from it (shown with the line in the review).
    Bills,
    /// Capacity reads it (how many users a size holds).
    Sizes,
}

/// A workload driver a component reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriverRead {
    pub name: String,
    pub why: DriverUse,
}

impl DriverRead {
    pub fn bills(name: &str) -> Self {
        DriverRead {
            name: name.to_string(),
            why: DriverUse::Bills,
        }
    }

    pub fn sizes(name: &str) -> Self {
        DriverRead {
            name: name.to_string(),
            why: DriverUse::Sizes,
        }
    }
}

/// Reads a list of names as billing drivers.
pub fn billing(names: &[&str]) -> Vec<DriverRead> {
    names.iter().map(|n| DriverRead::bills(n)).collect()
}

/// Where a component runs, for what `render terraform` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Estate {
    /// Part of the AWS estate the Terraform module creates.
    AwsRendered,
    /// Billed by AWS but not created by the module (it says so).
    AwsNotRendered,
    /// Another vendor: no Terraform.
    Elsewhere,
}

/// What a kind is to the Terraform module `render terraform` writes.
#[derive(Clone, Copy)]
pub enum TerraformRole<'a> {
    /// The module creates it: the kind adds its resources (its templates are
    /// in `templates/terraform/`).
    Rendered(&'a dyn ModulePart),
    /// An AWS cost the module does not create: what it is, and why not.
    NotRendered {
        what: &'static str,
        why: &'static str,
    },
    /// A service outside AWS the app calls: the module keeps its key in
    /// Secrets Manager and hands it to the tasks.
    ExternalKey(ExternalKey),
    /// Nothing in the module.
    Nothing,
}

/// The secret that holds the key of a service outside AWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExternalKey {
    /// Terraform resource name (`openai_api_key`).
    pub resource: &'static str,
    /// Secret name suffix (`openai-api-key`).
    pub name: &'static str,
    pub what: &'static str,
    /// The environment variable the tasks read it from.
    pub env: &'static str,
}

/// What every kind provides. Each method is required: a new kind decides each.
pub trait ComponentKind {
    /// The kind's name in profiles (`rds-postgres`).
    fn kind(&self) -> Kind;
    /// Checks parsing cannot make (ranges, shapes, limits the vendor enforces).
    fn validate(&self, at: &At<'_>) -> Result<()>;
    /// The lines of one month; the list depends only on the spec, never on
    /// the usage, so scenarios line up item by item.
    fn charges(&self, u: &Usage) -> Vec<Charge>;
    /// The workload drivers the kind reads.
    fn drivers(&self) -> Vec<DriverRead>;
    /// The size in a few words (`db.t4g.small Single-AZ 20 GB`).
    fn size(&self) -> Size;
    /// How many users its size holds (the limits, from `capacity.yaml` and
    /// the workload) and the facts of its plan worth showing.
    fn capacity(
        &self,
        ctx: &Sizing<'_>,
        limits: &mut Vec<Limit>,
        facts: &mut Vec<Fact>,
    ) -> Result<()>;
    /// The field a reader changes to resize one of its lines (`item`, or
    /// any line: "") or to raise a limit on `resource`: where the budget
    /// gate points.
    fn sizing_field(&self, item: &str, resource: Option<Resource>) -> &'static str;
    fn estate(&self) -> Estate;
    /// What the Terraform module does with it.
    fn terraform(&self) -> TerraformRole<'_>;
    /// Where it runs on the network: where its calls leave from, who may
    /// call it.
    fn network(&self) -> network::Network;
    /// A change to this component that would help a link it is on work
    /// (`side`: it calls, or it is called), when the kind offers one.
    fn remedy(&self, side: network::Side) -> Option<network::Remedy>;
}

/// Where a component sits, for errors found while validating it.
pub struct At<'a> {
    pub doc: &'a Document<Profile>,
    /// The component is `tiers[tier].components[index]`.
    pub tier: usize,
    pub index: usize,
    pub name: &'a str,
}

impl<'a> At<'a> {
    /// The tier the component is in, for rules that involve its neighbours.
    pub fn tier(&self) -> &'a crate::model::profile::Tier {
        &self.doc.value.tiers[self.tier]
    }

    /// An input error at one field of the component.
    pub fn error(&self, field: &str, message: impl Into<String>) -> Error {
        let path = YamlPath::root()
            .key("tiers")
            .index(self.tier)
            .key("components")
            .index(self.index)
            .key(field);
        self.doc.error_at(&path, message)
    }

    /// `field` is 1 or more and at most `max`.
    pub fn count(&self, field: &str, value: Option<u32>, max: u32) -> Result<()> {
        match value {
            Some(0) => Err(self.error(field, format!("{field} is 0; expected 1 or more"))),
            Some(v) if v > max => Err(self
                .error(field, format!("{field} is {v}; expected at most {max}"))
                .suggest(Some(max.to_string()))),
            _ => Ok(()),
        }
    }

    /// A size above 0 and at most `max`.
    pub fn positive(&self, field: &str, value: Option<Decimal>, max: u64) -> Result<()> {
        let Some(v) = value else { return Ok(()) };
        if v <= Decimal::ZERO {
            return Err(self.error(field, format!("{field} is {v}; expected a size above 0")));
        }
        if v > Decimal::from(max) {
            return Err(self
                .error(field, format!("{field} is {v}; expected at most {max}"))
                .suggest(Some(max.to_string())));
        }
        Ok(())
    }

    /// At most `max`.
    pub fn at_most(&self, field: &str, value: Option<u64>, max: u64) -> Result<()> {
        match value {
            Some(v) if v > max => Err(self
                .error(field, format!("{field} is {v}; expected at most {max}"))
                .suggest(Some(max.to_string()))),
            _ => Ok(()),
        }
    }

    /// A name that must not be empty.
    pub fn non_empty(&self, field: &str, value: &str, example: &str) -> Result<()> {
        if value.trim().is_empty() {
            return Err(self.error(
                field,
                format!("{field} is empty; expected a value like \"{example}\""),
            ));
        }
        Ok(())
    }

    /// One of a closed list (for values the catalog does not decide).
    pub fn one_of(&self, field: &str, value: &str, options: &[&str]) -> Result<()> {
        if options.contains(&value) {
            return Ok(());
        }
        Err(self
            .error(
                field,
                format!(
                    "unknown {field} \"{value}\"; expected one of {}",
                    options.join(", ")
                ),
            )
            .suggest(closest(value, options.iter().copied()).map(|s| format!("\"{s}\""))))
    }
}

/// Upper bounds that keep every product of sizes, users and prices far inside
/// exact decimal range (about 7.9e28): beyond them the input is a typo anyway.
pub const MAX_COUNT: u32 = 1_000;
pub const MAX_STORAGE_GB: u64 = 65_536;
pub const MAX_SIZE: u64 = 1_000_000;

/// A kind's spec type, picked out of a [`Spec`]: `c.spec.get::<RdsPostgres>()`.
pub trait Pick: Sized {
    fn pick(spec: &Spec) -> Option<&Self>;
}

impl Spec {
    /// The spec when it is of kind `T`.
    pub fn get<T: Pick>(&self) -> Option<&T> {
        T::pick(self)
    }
}

macro_rules! kinds {
    ($( $(#[cfg($cfg:meta)])? $variant:ident($module:ident::$spec:ident) = $name:literal, )*) => {
        /// A component's kind and the fields that kind takes.
        #[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
        #[serde(tag = "kind")]
        pub enum Spec {
            $( $(#[cfg($cfg)])? #[serde(rename = $name)] $variant($module::$spec), )*
        }

        /// A kind, without its fields.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind {
            $( $(#[cfg($cfg)])? $variant, )*
        }

        impl Kind {
            pub const ALL: &'static [Kind] = &[ $( $(#[cfg($cfg)])? Kind::$variant, )* ];

            pub fn as_str(self) -> &'static str {
                match self {
                    $( $(#[cfg($cfg)])? Kind::$variant => $name, )*
                }
            }
        }

        $(
            $(#[cfg($cfg)])?
            impl Pick for $module::$spec {
                fn pick(spec: &Spec) -> Option<&Self> {
                    if let Spec::$variant(s) = spec {
                        Some(s)
                    } else {
                        None
                    }
                }
            }
        )*

        impl Spec {
            /// The kind's behaviour.
            pub fn part(&self) -> &dyn ComponentKind {
                match self {
                    $( $(#[cfg($cfg)])? Spec::$variant(s) => s, )*
                }
            }
        }
    };
}

kinds! {
    RdsPostgres(rds_postgres::RdsPostgres) = "rds-postgres",
    ElasticacheRedis(elasticache_redis::ElasticacheRedis) = "elasticache-redis",
    S3(s3::S3) = "s3",
    SecretsManager(secrets_manager::SecretsManager) = "secrets-manager",
    NatGateway(nat_gateway::NatGateway) = "nat-gateway",
    LoadBalancer(load_balancer::LoadBalancer) = "load-balancer",
    PublicIpv4(public_ipv4::PublicIpv4) = "public-ipv4",
    Fargate(fargate::Fargate) = "fargate",
    Lambda(lambda::Lambda) = "lambda",
    Cloudfront(cloudfront::Cloudfront) = "cloudfront",
    CloudwatchLogs(cloudwatch_logs::CloudwatchLogs) = "cloudwatch-logs",
    Amplify(amplify::Amplify) = "amplify",
    Vercel(vercel::Vercel) = "vercel",
    Qstash(qstash::Qstash) = "qstash",
    UpstashRedis(upstash_redis::UpstashRedis) = "upstash-redis",
    Supabase(supabase::Supabase) = "supabase",
    HetznerServer(hetzner_server::HetznerServer) = "hetzner-server",
    HetznerStorageBox(hetzner_storage_box::HetznerStorageBox) = "hetzner-storage-box",
    Llm(llm::Llm) = "llm",
    Fixed(fixed::Fixed) = "fixed",
    Metered(metered::Metered) = "metered",
    #[cfg(test)]
    Probe(probe::Probe) = "probe",
}
