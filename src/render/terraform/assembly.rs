//! The module under construction. Each kind the module creates implements
//! [`ModulePart`] in its own module (`src/kinds/…`): it adds its resources,
//! their checkov skips, alarms and notes to an [`Assembly`], and says what
//! moving to it from the next smaller tier changes. What joins the parts
//! (the secrets' owner, the load balancer's target, the budget) is done here
//! and in `context`.

use super::checks::{Gap, Placer, Skip};
use super::context::{
    AlarmBlock, Bucket, Cache, Database, LoadBalancer, Network, Service, Upgrade,
};
use crate::kinds::Pick;
use crate::model::profile::{Component, Kind, Tier};
use crate::pricing::catalog::Catalog;

/// What a kind the module creates contributes to it.
pub trait ModulePart {
    /// Adds the resources of component `c`, whose spec this is.
    fn assemble<'a>(&'a self, c: &'a Component, m: &mut Assembly<'a>);
    /// What moving from the next smaller tier (`below`) to this component
    /// changes: plain in-place changes, or steps AWS requires first.
    fn upgrade(&self, c: &Component, below: &Tier, notes: &mut Upgrade);
}

/// The parts assembled so far, and what they may ask of the tier.
pub struct Assembly<'a> {
    pub tier: &'a Tier,
    pub catalog: &'a Catalog,
    /// The region whose prices the catalog is read in.
    pub price_region: &'a str,
    /// The component whose trade-offs cover the module's secrets: the
    /// secrets-manager component, else the cache (its AUTH token is the
    /// module's own secret).
    pub secrets_owner: Option<&'a Component>,
    pub(super) placer: Placer,
    pub network: Network,
    pub database: Option<Database>,
    pub cache: Option<Cache>,
    pub bucket: Option<Bucket>,
    /// Secrets Terraform generates (before the keys of external services).
    pub generated_secrets: Vec<GeneratedSecret>,
    pub secrets_component: Option<&'a Component>,
    pub load_balancer: Option<LoadBalancer>,
    pub services: Vec<Service>,
    pub alarms: Vec<AlarmBlock>,
    /// The component whose alarms come first: the topic's trade-offs are its.
    pub watched: Option<&'a Component>,
    pub design_notes: Vec<String>,
    pub cost_notes: Vec<String>,
}

/// A secret whose value Terraform generates.
pub struct GeneratedSecret {
    /// Terraform resource name.
    pub resource: &'static str,
    /// Middle of the secret's name.
    pub name: &'static str,
    pub description: String,
    /// Environment variable the tasks receive it as.
    pub env: &'static str,
}

impl<'a> Assembly<'a> {
    pub fn new(tier: &'a Tier, catalog: &'a Catalog, price_region: &'a str) -> Self {
        let first = |kind: Kind| tier.components.iter().find(|c| c.kind() == kind);
        Assembly {
            tier,
            catalog,
            price_region,
            secrets_owner: first(Kind::SecretsManager).or_else(|| first(Kind::ElasticacheRedis)),
            placer: Placer::default(),
            network: Network {
                private: false,
                component: None,
                nat_gateways: 0,
                min_zones: 2,
                vpc_skips: Vec::new(),
            },
            database: None,
            cache: None,
            bucket: None,
            generated_secrets: Vec::new(),
            secrets_component: None,
            load_balancer: None,
            services: Vec::new(),
            alarms: Vec::new(),
            watched: None,
            design_notes: Vec::new(),
            cost_notes: Vec::new(),
        }
    }

    /// The skips of resource `address` for the checks it fails (`gaps`):
    /// those `c` declares as trade-offs; the others are reported as open.
    pub fn skips(&mut self, c: &Component, address: &str, mut gaps: Vec<Gap>) -> Vec<Skip> {
        // Checks in a stable order, so that the skip comments are.
        gaps.sort_by_key(|g| g.check);
        self.placer.skips(c, address, &gaps)
    }

    /// Whether the tier has a component of `kind`.
    pub fn has(&self, kind: Kind) -> bool {
        self.tier.components.iter().any(|c| c.kind() == kind)
    }

    /// The memory of a catalog entry, when it has it.
    pub fn memory_gib(&self, price_id: &str) -> Option<rust_decimal::Decimal> {
        self.catalog
            .get(price_id, self.price_region)
            .and_then(|e| e.memory_gib)
    }
}

/// The component of `c`'s kind in tier `below` that it follows: the one of
/// the same name, else the first of that kind.
pub fn counterpart<'t, T: Pick>(c: &Component, below: &'t Tier) -> Option<&'t T> {
    let same_kind = || below.components.iter().filter(|o| o.kind() == c.kind());
    same_kind()
        .find(|o| o.name == c.name)
        .or_else(|| same_kind().next())
        .and_then(|o| o.spec.get::<T>())
}

impl Upgrade {
    /// Adds an in-place change once.
    pub fn change(&mut self, change: impl Into<String>) {
        let change = change.into();
        if !self.in_place.contains(&change) {
            self.in_place.push(change);
        }
    }

    /// Adds a step AWS requires before the plain apply.
    pub fn step(&mut self, step: impl Into<String>) {
        self.steps.push(step.into());
    }
}
