//! An Application Load Balancer: hours, capacity units, and the public IPv4
//! addresses of its nodes.

use super::{At, ComponentKind, DriverRead, Estate, Kind, TerraformRole, MAX_SIZE};
use crate::engine::capacity::{Fact, Limit, Resource, Sizing};
use crate::engine::charges::{charge, hours, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::{Size, SizePart};
use crate::error::Result;
use crate::model::profile::{Component, Tier};
use crate::render::terraform::assembly::{counterpart, Assembly, ModulePart};
use crate::render::terraform::checks::{self, one_line};
use crate::render::terraform::context::{LoadBalancer as Context, Upgrade};
use crate::tfread::group::{tag, Group};
use crate::tfread::{count, Read};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Application Load Balancer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancer {
    /// Load balancers: 1 (a second one is a second component).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Average Load Balancer Capacity Units in use; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<f64>")]
    #[serde(deserialize_with = "super::number::opt_decimal")]
    pub lcu: Option<Decimal>,
}

impl LoadBalancer {
    pub fn count(&self) -> u32 {
        self.count.unwrap_or(1)
    }
}

impl ComponentKind for LoadBalancer {
    fn kind(&self) -> Kind {
        Kind::LoadBalancer
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        // The Terraform module creates one load balancer per component.
        at.count("count", self.count, 1)?;
        at.positive("lcu", self.lcu, MAX_SIZE)
    }

    fn charges(&self, _u: &Usage) -> Vec<Charge> {
        let count = self.count();
        let lcu = self.lcu.unwrap_or(Decimal::ONE);
        vec![
            charge(
                format!("Application Load Balancer ×{count}"),
                PriceRef::fixed("aws.elb.alb.hour"),
                hours(count),
                Basis::Fixed,
            ),
            charge(
                format!("{lcu} LCU average"),
                PriceRef::fixed("aws.elb.alb.lcu"),
                hours(count) * lcu,
                Basis::Fixed,
            ),
            // An internet-facing ALB holds a public IPv4 address in each
            // of its Availability Zones: two, the fewest it accepts.
            charge(
                format!("public IPv4 address ×{} (load balancer nodes)", 2 * count),
                PriceRef::fixed("aws.vpc.public-ipv4"),
                hours(2 * count),
                Basis::Fixed,
            ),
        ]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        Vec::new()
    }

    fn size(&self) -> Size {
        match self.count.filter(|&n| n > 1) {
            Some(n) => Size(vec![SizePart::Times { n }]),
            None => Size::named(Kind::LoadBalancer.as_str()),
        }
    }

    fn capacity(
        &self,
        _ctx: &Sizing<'_>,
        _limits: &mut Vec<Limit>,
        _facts: &mut Vec<Fact>,
    ) -> Result<()> {
        // Billed for whatever traffic it carries: no limit to model.
        Ok(())
    }

    fn sizing_field(&self, _item: &str, _resource: Option<Resource>) -> &'static str {
        "count"
    }

    fn estate(&self) -> Estate {
        Estate::AwsRendered
    }

    fn network(&self) -> super::network::Network {
        // It forwards to targets in the VPC: it needs at least one.
        super::network::Network {
            egress: super::network::Egress::Vpc,
            ingress: super::network::Ingress::Anyone,
            forwards: true,
        }
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::Rendered(self)
    }
}

/// The Fargate component a load balancer of `tier` forwards to: the one whose
/// name starts its name (`api` for `api-lb`), else `api`, else the first.
pub fn target(tier: &Tier) -> Option<&Component> {
    let lb = tier
        .components
        .iter()
        .find(|c| c.kind() == Kind::LoadBalancer)?;
    let fargate = || tier.components.iter().filter(|c| c.kind() == Kind::Fargate);
    fargate()
        .find(|f| lb.name.starts_with(&f.name))
        .or_else(|| fargate().find(|f| f.name == "api"))
        .or_else(|| fargate().next())
}

impl ModulePart for LoadBalancer {
    fn assemble<'a>(&'a self, c: &'a Component, m: &mut Assembly<'a>) {
        let skips = m.skips(
            c,
            "aws_lb.api",
            vec![checks::LB_NO_ACCESS_LOG, checks::LB_NO_WAF],
        );
        m.load_balancer = Some(Context {
            component: one_line(&c.name),
            count: self.count(),
            service: target(m.tier).map(|f| one_line(&f.name)),
            lcu: self.lcu.unwrap_or(Decimal::ONE).normalize().to_string(),
            skips,
        });
    }

    fn upgrade(&self, c: &Component, below: &Tier, notes: &mut Upgrade) {
        if counterpart::<LoadBalancer>(c, below).is_none() {
            notes.change("the load balancer, its target group and listener are created");
        }
    }
}

/// An `aws_lb` (or `aws_alb`) of type application.
/// The tag of a rendered load balancer that holds the profile's `lcu`.
pub const LCU_TAG: &str = "ArchplanLcu";

pub fn from_terraform(g: &Group<'_>) -> std::result::Result<Read<LoadBalancer>, String> {
    let lbs: Vec<_> = g
        .resources
        .iter()
        .filter(|r| r.rtype == "aws_lb" || r.rtype == "aws_alb")
        .collect();
    if let Some(other) = lbs
        .iter()
        .filter_map(|r| r.str("load_balancer_type"))
        .find(|t| *t != "application")
    {
        return Err(format!(
            "load_balancer_type {other}: the catalog prices Application Load Balancers only (aws.elb.alb.*)"
        ));
    }
    // The average capacity units are traffic, not configuration: the
    // rendered module keeps the profile's figure in a tag.
    let lcu = lbs
        .iter()
        .find_map(|r| tag(r, LCU_TAG))
        .and_then(|v| v.parse::<Decimal>().ok())
        .filter(|v| *v > Decimal::ZERO);
    let mut read = Read::new(LoadBalancer {
        count: (lbs.len() > 1).then(|| count(lbs.len())),
        lcu,
    });
    if lbs.iter().any(|r| r.bool("internal") == Some(true)) {
        read.assumptions.push(format!(
            "{}: an internal load balancer holds no public IPv4 address, but its line bills two",
            g.name
        ));
    }
    Ok(read)
}

/// No usage-file key is a quantity of a line as it is: Infracost's keys of
/// `aws_lb` describe traffic, which [`lcu_hours`] turns into capacity units.
pub const USAGE_KEYS: &[(&str, &str)] = &[];

/// The capacity-unit hours of a month from Infracost's usage keys of
/// `aws_lb`, read as that file documents them: `new_connections` a second,
/// `active_connections` a minute, `processed_bytes_gb` a month,
/// `rule_evaluations` a second. An Application Load Balancer is billed on
/// the largest dimension, each measured against one LCU as AWS defines it:
/// 25 new connections a second, 3,000 active connections a minute, 1 GB
/// processed an hour, 1,000 rule evaluations a second. (Infracost divides
/// new connections by 100 and bills the largest figure as LCU-hours: the
/// README lists the difference.) `None` when the file gives none of them.
pub fn lcu_hours(get: impl Fn(&str) -> Option<[Decimal; 3]>) -> Option<[Decimal; 3]> {
    let hours = crate::money::HOURS_PER_MONTH;
    let per_lcu: [(&str, Decimal); 4] = [
        ("new_connections", Decimal::from(25)),
        ("active_connections", Decimal::from(3000)),
        ("processed_bytes_gb", hours),
        ("rule_evaluations", Decimal::from(1000)),
    ];
    let mut lcu: Option<[Decimal; 3]> = None;
    for (key, one) in per_lcu {
        let Some(q) = get(key) else { continue };
        let this = q.map(|v| v / one);
        lcu = Some(match lcu {
            None => this,
            Some(m) => [0, 1, 2].map(|i| m[i].max(this[i])),
        });
    }
    lcu.map(|l| l.map(|v| v * hours))
}
