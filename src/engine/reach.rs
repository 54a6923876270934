//! Whether a tier runs as drawn: every link it declares (`reaches:`) can be
//! made from where the caller runs to who the target lets in, and every load
//! balancer forwards to something that runs code. For what cannot work, the
//! changes that would make it work, each a whole tier the engine prices
//! ([`super::ProfilePlan`]).

use crate::kinds::fargate::Fargate;
use crate::kinds::load_balancer::LoadBalancer;
use crate::kinds::network::{Egress, Ingress, Network, Side};
use crate::model::profile::{Component, Spec, Tier};
use crate::model::review::Text;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// What cannot work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    /// A link the caller cannot open.
    Unreachable,
    /// A load balancer that forwards to nothing that runs code.
    NoTarget,
}

/// Something in a tier that cannot work as drawn, and its fixes.
#[derive(Debug, Clone)]
pub struct Defect {
    pub problem: Problem,
    /// The caller, or the load balancer without a target.
    pub from: String,
    /// The component the caller cannot reach.
    pub to: Option<String>,
    /// Why, in a sentence per language.
    pub why: Text,
    /// `from` is `components[component]` of the tier; the link is its
    /// `reaches[link]`.
    pub component: usize,
    pub link: Option<usize>,
    pub fixes: Vec<Fix>,
}

/// A change that makes the defect go away: what it is, and the tier with it.
#[derive(Debug, Clone)]
pub struct Fix {
    pub what: Text,
    pub tier: Tier,
}

fn text(en: String, fr: String) -> Text {
    Text::Localized(BTreeMap::from([
        ("en".to_string(), en),
        ("fr".to_string(), fr),
    ]))
}

/// Why `caller` cannot open a connection to `target`, or `None` when it can.
pub fn blocked(caller: &Component, target: &Component) -> Option<Text> {
    let (c, t) = (caller.spec.part().network(), target.spec.part().network());
    let (from, to) = (&caller.name, &target.name);
    let (ck, tk) = (caller.kind().as_str(), target.kind().as_str());
    match (t.ingress, c.egress) {
        (Ingress::Anyone | Ingress::NotAService, _) => None,
        (_, Egress::Vpc) => None,
        (Ingress::AllowList, Egress::FixedAddresses) => None,
        (_, Egress::CallsNothing) => None,
        (Ingress::AllowList, Egress::ChangingAddresses) => Some(text(
            format!("{to} ({tk}) accepts connections only from an allow-list of addresses, and {from} ({ck}) leaves from addresses that change: the allow-list would have to be 0.0.0.0/0"),
            format!("{to} ({tk}) n'accepte que les connexions d'une liste blanche d'adresses, et {from} ({ck}) sort par des adresses qui changent : la liste blanche devrait être 0.0.0.0/0"),
        )),
        (Ingress::VpcOnly, Egress::FixedAddresses | Egress::ChangingAddresses) => Some(text(
            format!("{to} ({tk}) accepts connections only from inside its VPC, and {from} ({ck}) runs on the public internet"),
            format!("{to} ({tk}) n'accepte que les connexions venues de son VPC, et {from} ({ck}) tourne sur l'Internet public"),
        )),
    }
}

/// Every defect of a tier, in the order of its components and links. A tier
/// that declares no link at all is not described enough to check (Terraform
/// read back, a profile written before links): it has none.
pub fn defects(tier: &Tier) -> Vec<Defect> {
    let mut out = Vec::new();
    if tier.components.iter().all(|c| c.reaches.is_empty()) {
        return out;
    }
    for (ci, c) in tier.components.iter().enumerate() {
        let net = c.spec.part().network();
        for (k, name) in c.reaches.iter().enumerate() {
            let Some(target) = tier.components.iter().find(|t| &t.name == name) else {
                continue;
            };
            if let Some(why) = blocked(c, target) {
                out.push(Defect {
                    problem: Problem::Unreachable,
                    from: c.name.clone(),
                    to: Some(name.clone()),
                    why,
                    component: ci,
                    link: Some(k),
                    fixes: link_fixes(tier, ci, name),
                });
            }
        }
        if net.forwards && !forwards_to_code(tier, c) {
            out.push(Defect {
                problem: Problem::NoTarget,
                from: c.name.clone(),
                to: None,
                why: text(
                    format!("{} ({}) forwards to no component that runs code: nothing answers behind it", c.name, c.kind().as_str()),
                    format!("{} ({}) ne transmet à aucun composant qui exécute du code : rien ne répond derrière", c.name, c.kind().as_str()),
                ),
                component: ci,
                link: None,
                fixes: target_fixes(tier, ci),
            });
        }
    }
    out
}

fn network(c: &Component) -> Network {
    c.spec.part().network()
}

fn forwards_to_code(tier: &Tier, balancer: &Component) -> bool {
    balancer.reaches.iter().any(|n| {
        tier.components
            .iter()
            .any(|t| &t.name == n && network(t).runs_code())
    })
}

/// The tier with component `ci`'s spec replaced.
fn with_spec(tier: &Tier, ci: usize, spec: Spec) -> Tier {
    let mut t = tier.clone();
    t.components[ci].spec = spec;
    t
}

fn position(tier: &Tier, name: &str) -> Option<usize> {
    tier.components.iter().position(|c| c.name == name)
}

/// Whether the link from `ci` to `to` works in `tier`.
fn works(tier: &Tier, ci: usize, to: &str) -> bool {
    position(tier, to)
        .is_some_and(|ti| blocked(&tier.components[ci], &tier.components[ti]).is_none())
}

/// The fixes of an unreachable link: a change to the caller, to the target,
/// to both when neither is enough alone, or a service inside the VPC that the
/// caller calls instead.
fn link_fixes(tier: &Tier, ci: usize, to: &str) -> Vec<Fix> {
    let Some(ti) = position(tier, to) else {
        return Vec::new();
    };
    let caller = tier.components[ci].spec.part().remedy(Side::Caller);
    let target = tier.components[ti].spec.part().remedy(Side::Target);
    let mut fixes = Vec::new();
    let mut alone = false;
    if let Some(r) = &caller {
        let t = with_spec(tier, ci, r.spec.clone());
        if works(&t, ci, to) {
            fixes.push(Fix {
                what: text(r.en.clone(), r.fr.clone()),
                tier: t,
            });
            alone = true;
        }
    }
    if let Some(r) = &target {
        let t = with_spec(tier, ti, r.spec.clone());
        if works(&t, ci, to) {
            fixes.push(Fix {
                what: text(r.en.clone(), r.fr.clone()),
                tier: t,
            });
            alone = true;
        }
    }
    if let (false, Some(a), Some(b)) = (alone, &caller, &target) {
        let t = with_spec(&with_spec(tier, ci, a.spec.clone()), ti, b.spec.clone());
        if works(&t, ci, to) {
            fixes.push(Fix {
                what: text(
                    format!("{}, and {}", a.en, b.en),
                    format!("{}, et {}", a.fr, b.fr),
                ),
                tier: t,
            });
        }
    }
    fixes.push(through_vpc(tier, ci, to));
    fixes
}

/// A name not used in the tier: `base`, else `base-2`, …
fn free_name(tier: &Tier, base: &str) -> String {
    (1..)
        .map(|i| {
            if i == 1 {
                base.to_string()
            } else {
                format!("{base}-{i}")
            }
        })
        .find(|n| position(tier, n).is_none())
        .unwrap_or_else(|| base.to_string())
}

/// The smallest service Fargate runs, twice for availability: what the
/// fixes add when a tier has no service in its VPC.
fn small_service(name: String, reaches: Vec<String>) -> Component {
    component(
        name,
        reaches,
        Spec::Fargate(Fargate {
            tasks: 2,
            vcpu: Decimal::new(25, 2),
            memory_gb: Decimal::new(5, 1),
        }),
    )
}

fn component(name: String, reaches: Vec<String>, spec: Spec) -> Component {
    Component {
        name,
        pool: None,
        note: String::new(),
        trade_offs: Vec::new(),
        reaches,
        spec,
        given: None,
    }
}

/// The tier's service in the VPC and its load balancer, added when missing:
/// (service, balancer, what was added, in English and French).
fn vpc_service(tier: &mut Tier, reaches: &str) -> (String, String, Option<(String, String)>) {
    let service = tier
        .components
        .iter()
        .find(|c| c.kind() == crate::kinds::Kind::Fargate)
        .map(|c| c.name.clone());
    let balancer = tier
        .components
        .iter()
        .find(|c| network(c).forwards)
        .map(|c| c.name.clone());
    let mut added_en = Vec::new();
    let mut added_fr = Vec::new();
    let service = service.unwrap_or_else(|| {
        let name = free_name(tier, "api");
        tier.components
            .push(small_service(name.clone(), Vec::new()));
        added_en.push(format!(
            "an API on Fargate ({name}: 2 tasks of 0.25 vCPU and 0.5 GB)"
        ));
        added_fr.push(format!(
            "une API sur Fargate ({name} : 2 tâches de 0,25 vCPU et 0,5 Go)"
        ));
        name
    });
    let balancer = balancer.unwrap_or_else(|| {
        let name = free_name(tier, "api-lb");
        tier.components.push(component(
            name.clone(),
            Vec::new(),
            Spec::LoadBalancer(LoadBalancer {
                count: None,
                lcu: None,
            }),
        ));
        added_en.push(format!("a load balancer in front of it ({name})"));
        added_fr.push(format!("un load balancer devant elle ({name})"));
        name
    });
    for (from, to) in [(&balancer, &service), (&service, &reaches.to_string())] {
        if let Some(i) = position(tier, from) {
            if !tier.components[i].reaches.contains(to) {
                tier.components[i].reaches.push(to.clone());
            }
        }
    }
    // The module runs tasks in private subnets: their calls out (a model's
    // API, a queue) leave through a NAT gateway, which makes the VPC's
    // subnets private, so what was public behind an allow-list moves inside.
    if !tier
        .components
        .iter()
        .any(|c| c.kind() == crate::kinds::Kind::NatGateway)
    {
        let name = free_name(tier, "nat");
        tier.components.push(component(
            name.clone(),
            Vec::new(),
            Spec::NatGateway(crate::kinds::nat_gateway::NatGateway { count: None }),
        ));
        added_en.push(format!("a NAT gateway for its calls out ({name})"));
        added_fr.push(format!("une NAT Gateway pour ses appels sortants ({name})"));
        for i in 0..tier.components.len() {
            if let Some(r) = tier.components[i].spec.part().remedy(Side::Inside) {
                tier.components[i].spec = r.spec;
                added_en.push(format!("{} ({})", r.en, tier.components[i].name));
                added_fr.push(format!("{} ({})", r.fr, tier.components[i].name));
            }
        }
    }
    let added = (!added_en.is_empty()).then(|| (list(&added_en, "and"), list(&added_fr, "et")));
    (service, balancer, added)
}

/// `a, b and c`.
fn list(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

/// The caller calls a service inside the VPC (behind a load balancer), which
/// reaches the target.
fn through_vpc(tier: &Tier, ci: usize, to: &str) -> Fix {
    let mut t = tier.clone();
    let (service, balancer, added) = vpc_service(&mut t, to);
    let caller = &mut t.components[ci];
    caller.reaches.retain(|n| n != to);
    if !caller.reaches.contains(&balancer) {
        caller.reaches.push(balancer.clone());
    }
    let from = caller.name.clone();
    let what = match added {
        Some((en, fr)) => text(
            format!("inside the VPC, {en}: {from} calls the API, which reaches {to}"),
            format!("dans le VPC, {fr} : {from} appelle l'API, qui joint {to}"),
        ),
        None => text(
            format!("{from} calls {service} through {balancer}, inside the VPC, and {service} reaches {to}"),
            format!("{from} appelle {service} via {balancer}, dans le VPC, et {service} joint {to}"),
        ),
    };
    Fix { what, tier: t }
}

/// The fixes of a load balancer with no target: remove it, or put a service
/// behind it.
fn target_fixes(tier: &Tier, ci: usize) -> Vec<Fix> {
    let name = tier.components[ci].name.clone();
    let mut removed = tier.clone();
    removed.components.remove(ci);
    for c in &mut removed.components {
        c.reaches.retain(|n| n != &name);
    }
    let mut behind = tier.clone();
    let service = behind
        .components
        .iter()
        .find(|c| c.kind() == crate::kinds::Kind::Fargate)
        .map(|c| c.name.clone());
    let what = match service {
        Some(s) => {
            behind.components[ci].reaches.push(s.clone());
            text(
                format!("forward to {s}, the tier's service on Fargate"),
                format!("transmettre à {s}, le service Fargate du palier"),
            )
        }
        None => {
            let s = free_name(&behind, "api");
            behind.components.push(small_service(s.clone(), Vec::new()));
            behind.components[ci].reaches.push(s.clone());
            text(
                format!("an API on Fargate behind it ({s}: 2 tasks of 0.25 vCPU and 0.5 GB)"),
                format!("une API sur Fargate derrière lui ({s} : 2 tâches de 0,25 vCPU et 0,5 Go)"),
            )
        }
    };
    vec![
        Fix {
            what: text(
                format!("remove {name} until a service needs it"),
                format!("retirer {name} tant qu'aucun service n'en a besoin"),
            ),
            tier: removed,
        },
        Fix { what, tier: behind },
    ]
}

/// A defect with each fix's tier priced, built once per tier.
pub struct PricedDefect {
    pub defect: Defect,
    /// The fixes that could be priced, with their tier's model.
    pub fixes: Vec<(Fix, super::TierModel)>,
}

/// A defect as a report shows it: what cannot work, why, and each fix with
/// what it changes in the month at the users priced.
#[derive(Debug, Clone, Serialize)]
pub struct DefectReport {
    pub problem: Problem,
    pub from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `web → cache: cache (elasticache-redis) accepts …`.
    pub message: String,
    pub why: Text,
    pub fixes: Vec<PricedFix>,
    /// Where the link (or the load balancer) is in the profile.
    #[serde(skip)]
    pub component: usize,
    #[serde(skip)]
    pub link: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PricedFix {
    pub what: Text,
    /// The month with the fix, minus without (negative: it saves).
    pub monthly: super::Range,
}

impl PricedDefect {
    pub fn report(&self, base: &super::TierModel, users: u64) -> DefectReport {
        let d = &self.defect;
        let head = match &d.to {
            Some(to) => format!("{} → {to}", d.from),
            None => d.from.clone(),
        };
        DefectReport {
            problem: d.problem,
            from: d.from.clone(),
            to: d.to.clone(),
            message: format!("{head}: {}", d.why.en()),
            why: d.why.clone(),
            fixes: self
                .fixes
                .iter()
                .map(|(f, model)| PricedFix {
                    what: f.what.clone(),
                    monthly: super::Range::of(|s| {
                        model.total_at(users, s) - base.total_at(users, s)
                    }),
                })
                .collect(),
            component: d.component,
            link: d.link,
        }
    }
}

/// The `defects` of tier `index` of `doc`, each fix priced; a fix whose
/// tier cannot be priced (a price the catalog lacks) is left out.
pub fn priced(
    ws: &crate::workspace::Workspace,
    doc: &crate::model::Document<crate::model::profile::Profile>,
    index: usize,
    defects: &[Defect],
) -> Vec<PricedDefect> {
    defects
        .iter()
        .cloned()
        .map(|defect| {
            let fixes = defect
                .fixes
                .iter()
                .filter_map(|f| {
                    let mut value = doc.value.clone();
                    value.tiers[index] = f.tier.clone();
                    let changed =
                        crate::model::Document::new(value, doc.file.clone(), doc.text.clone());
                    super::TierModel::build(ws, &changed, index)
                        .ok()
                        .map(|m| (f.clone(), m))
                })
                .collect();
            PricedDefect { defect, fixes }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(yaml: &str) -> Tier {
        serde_saphyr::from_str(yaml).unwrap()
    }

    const DRAWN: &str = "users: 50\ncomponents:\n  - {name: web, kind: vercel, plan: hobby, reaches: [database, cache, videos]}\n  - {name: database, kind: rds-postgres, instance_class: db.t4g.small, storage_gb: 20, publicly_accessible: true}\n  - {name: cache, kind: elasticache-redis, node_type: cache.t4g.small}\n  - {name: videos, kind: s3}\n";

    #[test]
    fn a_front_end_on_the_internet_reaches_neither_a_cache_in_a_vpc_nor_an_allow_listed_database() {
        let d = defects(&tier(DRAWN));
        let links: Vec<_> = d
            .iter()
            .map(|d| (d.from.as_str(), d.to.as_deref()))
            .collect();
        assert_eq!(links, [("web", Some("database")), ("web", Some("cache"))]);
        assert!(d[0].why.en().contains("0.0.0.0/0"), "{}", d[0].why.en());
        assert!(d[1].why.en().contains("only from inside its VPC"));
    }

    #[test]
    fn each_fix_makes_its_link_work() {
        for d in defects(&tier(DRAWN)) {
            assert!(d.fixes.len() >= 2, "{}: {} fixes", d.from, d.fixes.len());
            for f in &d.fixes {
                let left = defects(&f.tier);
                assert!(
                    !left.iter().any(|x| x.from == d.from && x.to == d.to),
                    "{} does not fix {:?}: {left:?}",
                    f.what.en(),
                    d.to
                );
            }
        }
    }

    #[test]
    fn static_ips_fix_the_database_but_not_the_cache() {
        let d = defects(&tier(DRAWN));
        let fixes = |i: usize| {
            d[i].fixes
                .iter()
                .map(|f| f.what.en().to_string())
                .collect::<Vec<_>>()
        };
        assert!(
            fixes(0)[0].starts_with("Vercel Static IPs"),
            "{:?}",
            fixes(0)
        );
        assert!(
            !fixes(1).iter().any(|f| f.starts_with("Vercel Static IPs")),
            "{:?}",
            fixes(1)
        );
        assert!(fixes(1)[0].starts_with("Upstash Redis"), "{:?}", fixes(1));
    }

    #[test]
    fn a_load_balancer_needs_a_target_that_runs_code() {
        let t = tier("users: 500\ncomponents:\n  - {name: lb, kind: load-balancer, reaches: [videos]}\n  - {name: videos, kind: s3}\n");
        let d = defects(&t);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].problem, Problem::NoTarget);
        assert_eq!(d[0].fixes.len(), 2);
        for f in &d[0].fixes {
            assert!(defects(&f.tier).is_empty(), "{}", f.what.en());
        }
        let undescribed = tier("users: 500\ncomponents:\n  - {name: lb, kind: load-balancer}\n  - {name: videos, kind: s3}\n");
        assert!(
            defects(&undescribed).is_empty(),
            "a tier without links is not checked"
        );
        let ok = tier("users: 500\ncomponents:\n  - {name: lb, kind: load-balancer, reaches: [api]}\n  - {name: api, kind: fargate, tasks: 2, vcpu: 0.25, memory_gb: 0.5}\n");
        assert!(defects(&ok).is_empty());
    }
}
