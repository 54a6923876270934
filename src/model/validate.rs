//! Checks that parsing alone cannot make: ranges in order, sizes that apply to
//! the kind, names that are unique. Each failure points at the offending value.

use super::budget::Budget;
use super::locate::YamlPath;
use super::profile::{Component, Kind, Profile, Tier};
use super::workload::Workload;
use super::Document;
use crate::error::{closest, Result};
use crate::kinds::network::{Egress, Ingress};
use crate::kinds::{At, Estate};
use rust_decimal::Decimal;
use std::collections::HashSet;

/// Upper bound on a driver per user per month (see `kinds::MAX_SIZE`).
pub const MAX_DRIVER: u64 = 1_000_000;

pub fn profile(doc: &Document<Profile>) -> Result<()> {
    let p = &doc.value;
    let root = YamlPath::root();
    if p.name.trim().is_empty() {
        return Err(doc.error_at(
            &root.key("name"),
            "profile name is empty; expected a short name like \"current\"",
        ));
    }
    if p.tiers.is_empty() {
        return Err(doc.error_at(&root.key("tiers"), "a profile needs at least one tier"));
    }
    let mut seen_users = HashSet::new();
    for (ti, tier) in p.tiers.iter().enumerate() {
        let users_at = || root.key("tiers").index(ti).key("users");
        if tier.users == 0 {
            return Err(doc.error_at(
                &users_at(),
                "tier users is 0; expected a user count of 1 or more",
            ));
        }
        if !seen_users.insert(tier.users) {
            return Err(doc.error_at(
                &users_at(),
                format!(
                    "two tiers are sized for {} users; each tier needs its own user count",
                    tier.users
                ),
            ));
        }
        self::tier(doc, ti, tier)?;
    }
    Ok(())
}

/// The components of tier `ti` (the `tiers[ti]` of `doc`): unique names,
/// each valid for its kind, one of each kind the Terraform module renders.
/// Paths are built only for an error: this runs for every profile of every
/// command.
pub fn tier(doc: &Document<Profile>, ti: usize, tier: &Tier) -> Result<()> {
    let tier_path = || YamlPath::root().key("tiers").index(ti);
    let mut names = HashSet::new();
    for (ci, c) in tier.components.iter().enumerate() {
        if !names.insert(c.name.as_str()) {
            return Err(doc.error_at(
                &tier_path().key("components").index(ci).key("name"),
                format!(
                    "component name \"{}\" is used twice in the {}-user tier",
                    c.name, tier.users
                ),
            ));
        }
        component(doc, ti, ci, c)?;
    }
    for (ci, c) in tier.components.iter().enumerate() {
        links(doc, ti, tier, ci, c)?;
    }
    one_of_each_rendered(doc, ti, tier)
}

/// Each name in `reaches` is another component of the tier that can be
/// called, and the component itself runs something that calls. Whether the
/// link can be made is not an input error: the engine reports it.
fn links(doc: &Document<Profile>, ti: usize, tier: &Tier, ci: usize, c: &Component) -> Result<()> {
    let at = |k: usize| {
        YamlPath::root()
            .key("tiers")
            .index(ti)
            .key("components")
            .index(ci)
            .key("reaches")
            .index(k)
    };
    let caller = c.spec.part().network();
    for (k, name) in c.reaches.iter().enumerate() {
        if caller.egress == Egress::CallsNothing {
            return Err(doc.error_at(
                &at(k),
                format!(
                    "{} ({}) calls nothing, so it reaches nothing; put the link on the component that calls \"{name}\"",
                    c.name,
                    c.kind().as_str()
                ),
            ));
        }
        if name == &c.name {
            return Err(doc.error_at(
                &at(k),
                format!(
                    "{} reaches itself; expected another component of the tier",
                    c.name
                ),
            ));
        }
        let Some(target) = tier.components.iter().find(|o| &o.name == name) else {
            let others = tier
                .components
                .iter()
                .map(|o| o.name.as_str())
                .filter(|n| *n != c.name);
            return Err(doc
                .error_at(
                    &at(k),
                    format!(
                        "{} reaches \"{name}\", which is not a component of the {}-user tier",
                        c.name, tier.users
                    ),
                )
                .suggest(closest(name, others).map(|s| format!("\"{s}\""))));
        };
        if target.spec.part().network().ingress == Ingress::NotAService {
            return Err(doc.error_at(
                &at(k),
                format!(
                    "{} reaches \"{name}\", a {} nothing connects to; expected a service it calls",
                    c.name,
                    target.kind().as_str()
                ),
            ));
        }
        if c.reaches[..k].contains(name) {
            return Err(doc.error_at(&at(k), format!("{} reaches \"{name}\" twice", c.name)));
        }
    }
    Ok(())
}

fn component(doc: &Document<Profile>, ti: usize, ci: usize, c: &Component) -> Result<()> {
    let path = || {
        YamlPath::root()
            .key("tiers")
            .index(ti)
            .key("components")
            .index(ci)
    };
    if c.name.trim().is_empty() {
        return Err(doc.error_at(
            &path().key("name"),
            "component name is empty; expected a name like \"database\"",
        ));
    }
    for (k, t) in c.trade_offs.iter().enumerate() {
        let at = || path().key("trade_offs").index(k);
        if !crate::render::terraform::checks::valid_check_id(&t.check) {
            return Err(doc.error_at(
                &at().key("check"),
                format!(
                    "\"{}\" is not a checkov check id; expected one like CKV_AWS_157 or CKV2_AWS_50",
                    t.check
                ),
            ));
        }
        if t.reason.trim().is_empty() {
            return Err(doc.error_at(
                &at().key("reason"),
                format!(
                    "trade-off {} has no reason; say why the tier accepts it",
                    t.check
                ),
            ));
        }
    }
    c.spec.part().validate(&At {
        doc,
        tier: ti,
        index: ci,
        name: &c.name,
    })
}

/// The Terraform module holds one of each AWS kind it renders per tier (and
/// one ECS service per Fargate component, named after it): a tier that breaks
/// this is refused by every command, not only by `render terraform`.
fn one_of_each_rendered(doc: &Document<Profile>, ti: usize, tier: &Tier) -> Result<()> {
    for (ci, c) in tier.components.iter().enumerate() {
        if c.spec.part().estate() != Estate::AwsRendered || c.kind() == Kind::Fargate {
            continue;
        }
        if let Some(first) = tier.components[..ci].iter().find(|o| o.kind() == c.kind()) {
            return Err(doc.error_at(
                &YamlPath::root()
                    .key("tiers")
                    .index(ti)
                    .key("components")
                    .index(ci)
                    .key("kind"),
                format!(
                    "the {}-user tier has two {} components (\"{}\" and \"{}\"); archplan models one per tier",
                    tier.users,
                    c.kind().as_str(),
                    first.name,
                    c.name
                ),
            ));
        }
    }
    Ok(())
}

pub fn workload(doc: &Document<Workload>) -> Result<()> {
    for (name, d) in &doc.value.drivers {
        let name = name.as_str();
        let path = YamlPath::root().key(name);
        if d.low < Decimal::ZERO {
            return Err(doc.error_at(
                &path.key("low"),
                format!("{name}.low is negative ({}); expected 0 or more", d.low),
            ));
        }
        if !(d.low <= d.expected && d.expected <= d.high) {
            return Err(doc.error_at(
                &path,
                format!(
                    "{name} has low {}, expected {}, high {}; expected low ≤ expected ≤ high",
                    d.low, d.expected, d.high
                ),
            ));
        }
        if d.high > Decimal::from(MAX_DRIVER) {
            return Err(doc.error_at(
                &path.key("high"),
                format!(
                    "{name}.high is {}; expected at most {MAX_DRIVER} per user per month",
                    d.high
                ),
            ));
        }
        if Workload::is_share(name) && d.high > Decimal::ONE {
            return Err(doc.error_at(
                &path.key("high"),
                format!("{name}.high is {}; a share lies between 0 and 1", d.high),
            ));
        }
    }
    Ok(())
}

pub fn budget(doc: &Document<Budget>) -> Result<()> {
    let b = &doc.value;
    let root = YamlPath::root();
    if b.total.is_negative() {
        return Err(doc.error_at(
            &root.key("total"),
            format!(
                "total is {}; expected an amount of 0 or more",
                b.total.amount()
            ),
        ));
    }
    if b.pools.is_empty() {
        return Err(doc.error_at(
            &root.key("pools"),
            "a budget needs at least one pool (e.g. cash)",
        ));
    }
    let mut names = HashSet::new();
    for (i, pool) in b.pools.iter().enumerate() {
        let path = root.key("pools").index(i);
        if !names.insert(pool.name.as_str()) {
            return Err(doc.error_at(
                &path.key("name"),
                format!("pool \"{}\" is defined twice", pool.name),
            ));
        }
        if let Some(amount) = pool.amount.filter(|a| a.is_negative()) {
            return Err(doc.error_at(
                &path.key("amount"),
                format!(
                    "pool \"{}\" has amount {}; expected 0 or more",
                    pool.name,
                    amount.amount()
                ),
            ));
        }
    }
    crate::model::budget::validate_funding(doc)
}

/// A pool limited to vendors the catalog has no price from could never pay
/// for anything: almost always a typo.
pub fn budget_vendors(doc: &Document<Budget>, known: &[&str]) -> Result<()> {
    for (i, pool) in doc.value.pools.iter().enumerate() {
        for (j, vendor) in pool.vendors.iter().enumerate() {
            if !known.contains(&vendor.as_str()) {
                return Err(doc
                    .error_at(
                        &YamlPath::root().key("pools").index(i).key("vendors").index(j),
                        format!(
                            "pool \"{}\" accepts vendor \"{vendor}\", which no price in the catalog is from, so no line could use it (vendors: {})",
                            pool.name,
                            known.join(", ")
                        ),
                    )
                    .suggest(closest(vendor, known.iter().copied()).map(|s| format!("\"{s}\""))));
            }
        }
    }
    Ok(())
}

/// Every driver the profiles' components read is in the workload (or has a
/// default), and every driver of the workload is one a kind or a `metered`
/// line reads: all that is wrong is reported at once, one line each.
pub fn drivers(workload: &Document<Workload>, profiles: &[Document<Profile>]) -> Result<()> {
    use crate::kinds::drivers::{built_in, BUILT_IN};
    let mut problems: Vec<crate::error::Error> = Vec::new();
    let mut custom: Vec<String> = Vec::new();
    for doc in profiles {
        for (ti, tier) in doc.value.tiers.iter().enumerate() {
            for (ci, c) in tier.components.iter().enumerate() {
                let path = YamlPath::root()
                    .key("tiers")
                    .index(ti)
                    .key("components")
                    .index(ci);
                for read in c.spec.part().drivers() {
                    let def = built_in(&read.name);
                    if def.is_none() && !custom.contains(&read.name) {
                        custom.push(read.name.clone());
                    }
                    if workload.value.get(&read.name).is_some()
                        || def.is_some_and(|d| d.default.is_some())
                    {
                        continue;
                    }
                    if problems.iter().any(|p| {
                        p.message
                            .contains(&format!("reads driver `{}` ", read.name))
                    }) {
                        continue;
                    }
                    let unit = def.map_or("per user per month", |d| d.unit);
                    let at = if c.kind() == Kind::Metered {
                        path.key("driver")
                    } else {
                        path.key("kind")
                    };
                    let given: Vec<&str> =
                        workload.value.drivers.keys().map(String::as_str).collect();
                    problems.push(
                        doc.error_at(
                            &at,
                            format!(
                                "component \"{}\" ({}) reads driver `{}` ({unit}), which {} does not give; add `{}: {{low: …, expected: …, high: …}}`",
                                c.name,
                                c.kind().as_str(),
                                read.name,
                                workload.file,
                                read.name
                            ),
                        )
                        .suggest(closest(&read.name, given.iter().copied()).map(|s| format!("`{s}` (given)"))),
                    );
                }
            }
        }
    }
    let known: Vec<&str> = BUILT_IN
        .iter()
        .map(|d| d.name)
        .chain(custom.iter().map(String::as_str))
        .collect();
    for name in workload.value.drivers.keys() {
        if built_in(name).is_some() || custom.contains(name) {
            continue;
        }
        problems.push(
            workload
                .error_at(
                    &YamlPath::root().key(name),
                    format!("unknown driver `{name}`: no kind and no metered line reads it"),
                )
                .suggest(closest(name, known.iter().copied()).map(|s| format!("`{s}`"))),
        );
    }
    crate::error::Error::all(problems)
}
