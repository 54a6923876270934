//! `archplan drift`: where the Terraform a team runs differs from the tier of
//! the profile it should implement, component by component, with the monthly
//! cost of each difference. Both sides are priced by the same engine at the
//! same users and workload, so a difference is one of code, not of usage.

use super::price::{self, NotPriced, ReadBack, Status};
use crate::engine::{self, Line};
use crate::error::Result;
use crate::kinds::{Spec, TerraformRole};
use crate::model::profile::{Component, Profile};
use crate::model::Document;
use crate::money::Money;
use crate::workspace::Workspace;
use serde::Serialize;

/// Version of the JSON form; bumped on any incompatible change.
pub const SCHEMA: &str = "archplan.drift/v1";

#[derive(Debug, Clone, Serialize)]
pub struct Drift {
    pub schema: &'static str,
    pub profile: String,
    pub users: u64,
    /// The tier `archplan cost` chooses for these users.
    pub tier_users: u64,
    /// The plan, state or folder read.
    pub terraform: String,
    pub region: String,
    pub components: Vec<ComponentDrift>,
    /// Components that differ, are missing or are extra.
    pub drifted: usize,
    /// The month of the profile's Terraform-rendered components (expected).
    pub plan_total: Money,
    /// The month of the same components as the Terraform has them.
    pub code_total: Money,
    pub delta: Money,
    /// Billed resources archplan cannot price: each is a difference it
    /// cannot weigh.
    pub not_priced: Vec<NotPriced>,
    pub assumptions: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// The Terraform implements the component as the tier has it.
    Same,
    /// Both have it, differently.
    Differs,
    /// The tier has it, the Terraform does not.
    Missing,
    /// The Terraform has it, the tier does not.
    Extra,
}

impl State {
    pub fn label(self) -> &'static str {
        match self {
            State::Same => "same",
            State::Differs => "differs",
            State::Missing => "missing in Terraform",
            State::Extra => "not in the plan",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ComponentDrift {
    /// The profile's name for it, or the Terraform's when only it has it.
    pub component: String,
    pub kind: &'static str,
    pub state: State,
    /// The Terraform resources that implement it.
    pub addresses: Vec<String>,
    /// Where the first of them is declared (`main.tf:12`), from HCL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared: Option<String>,
    /// Its size in the tier and in the Terraform (`db.t4g.small Single-AZ 20 GB`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan_size: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_size: Option<String>,
    pub differences: Vec<Difference>,
    pub plan_cost: Money,
    pub code_cost: Money,
    /// Terraform minus plan.
    pub delta: Money,
}

/// One bill line that is not the same on both sides.
#[derive(Debug, Clone, Serialize)]
pub struct Difference {
    /// The line as the tier bills it (`db.t4g.small Single-AZ`), or `-`.
    pub plan: String,
    /// The line as the Terraform bills it, or `-`.
    pub code: String,
    pub plan_cost: Money,
    pub code_cost: Money,
    /// Terraform minus plan, a month.
    pub cost: Money,
}

/// The Terraform against the tier of `profile` that holds `users`.
pub fn drift(
    ws: &Workspace,
    profile: &Document<Profile>,
    back: &ReadBack,
    users: u64,
) -> Result<Drift> {
    let plan_report = engine::cost(ws, profile, users)?;
    let tier = &profile.value.tiers[plan_report.tier.index];
    let planned: Vec<&Component> = tier
        .components
        .iter()
        .filter(|c| matches!(c.spec.part().terraform(), TerraformRole::Rendered(_)))
        .collect();

    // Each Terraform component paired with the tier's: by the name the
    // rendered module tags it with, then by kind, in order.
    let mut pair: Vec<Option<usize>> = vec![None; back.components.len()];
    let mut taken = vec![false; planned.len()];
    for (i, c) in back.components.iter().enumerate() {
        let tag = c.name.rsplit('.').next().unwrap_or(&c.name);
        if let Some(p) = (0..planned.len()).find(|&p| !taken[p] && planned[p].name == tag) {
            pair[i] = Some(p);
            taken[p] = true;
        }
    }
    for (i, c) in back.components.iter().enumerate() {
        if pair[i].is_some() {
            continue;
        }
        let kind = c.spec.part().kind();
        if let Some(p) =
            (0..planned.len()).find(|&p| !taken[p] && planned[p].spec.part().kind() == kind)
        {
            pair[i] = Some(p);
            taken[p] = true;
        }
    }

    // The Terraform's components under the tier's names, usage from the
    // workload (a difference is one of code), and what Terraform cannot hold
    // (a load balancer's average capacity units) as the tier assumes it.
    let mut code = back.clone();
    for (i, c) in code.components.iter_mut().enumerate() {
        let Some(p) = pair[i] else { continue };
        c.name = planned[p].name.clone();
        adopt_assumptions(&mut c.spec, &planned[p].spec);
        if let Some(given) = &mut c.given {
            given.workload = true;
        }
    }
    let code_report = engine::cost(ws, &code.document(users), users)?;

    let lines_of = |lines: &[Line], name: &str| -> Vec<Line> {
        lines
            .iter()
            .filter(|l| l.component == name)
            .cloned()
            .collect()
    };
    let mut components = Vec::new();
    for (p, c) in planned.iter().enumerate() {
        let plan_lines = lines_of(&plan_report.lines, &c.name);
        let (code_lines, at, code_size) = match pair.iter().position(|x| *x == Some(p)) {
            Some(i) => (
                lines_of(&code_report.lines, &c.name),
                Some(i),
                Some(code.components[i].spec.part().size().to_string()),
            ),
            None => (Vec::new(), None, None),
        };
        let plan_size = Some(c.spec.part().size().to_string());
        let differences = differences(&plan_lines, &code_lines);
        let alike = differences.iter().all(Difference::alike);
        let state = match at {
            None => State::Missing,
            Some(_) if alike && plan_size == code_size => State::Same,
            Some(_) => State::Differs,
        };
        components.push(component(
            &c.name,
            c.spec.part().kind().as_str(),
            state,
            at.map(|i| (&code.addresses[i], &code.declared[i])),
            (plan_size, code_size),
            differences,
        ));
    }
    for (i, c) in code.components.iter().enumerate() {
        if pair[i].is_some() {
            continue;
        }
        let code_lines = lines_of(&code_report.lines, &c.name);
        components.push(component(
            &c.name,
            c.spec.part().kind().as_str(),
            State::Extra,
            Some((&code.addresses[i], &code.declared[i])),
            (None, Some(c.spec.part().size().to_string())),
            differences(&[], &code_lines),
        ));
    }
    let not_priced = price::not_priced(&back.rows);
    let unpriced = back
        .rows
        .iter()
        .filter(|r| r.status == Status::NotPriced)
        .count();
    let drifted = components.iter().filter(|c| c.state != State::Same).count() + unpriced;
    let plan_total = components.iter().map(|c| c.plan_cost).sum();
    let code_total = components.iter().map(|c| c.code_cost).sum();
    Ok(Drift {
        schema: SCHEMA,
        profile: profile.value.name.clone(),
        users,
        tier_users: plan_report.tier.users,
        terraform: back.source.clone(),
        region: back.region.clone(),
        components,
        drifted,
        plan_total,
        code_total,
        delta: code_total - plan_total,
        not_priced,
        assumptions: back.assumptions.clone(),
    })
}

fn component(
    name: &str,
    kind: &'static str,
    state: State,
    code: Option<(&Vec<String>, &Option<String>)>,
    (plan_size, code_size): (Option<String>, Option<String>),
    differences: Vec<Difference>,
) -> ComponentDrift {
    let plan_cost: Money = differences.iter().map(|d| d.plan_cost).sum();
    let code_cost: Money = differences.iter().map(|d| d.code_cost).sum();
    ComponentDrift {
        component: name.to_string(),
        kind,
        state,
        addresses: code.map(|(a, _)| a.clone()).unwrap_or_default(),
        declared: code.and_then(|(_, d)| d.clone()),
        plan_size,
        code_size,
        // Lines alike on both sides are kept for the totals only.
        differences: differences.into_iter().filter(|d| !d.alike()).collect(),
        plan_cost,
        code_cost,
        delta: code_cost - plan_cost,
    }
}

/// The lines of one component on both sides, paired: the same price, then
/// lines of the same service and unit (an instance class for another), in
/// order. Lines alike on both sides are returned too, so that totals hold.
fn differences(plan: &[Line], code: &[Line]) -> Vec<Difference> {
    let mut code_left: Vec<Option<&Line>> = code.iter().map(Some).collect();
    let mut out = Vec::new();
    let mut plan_left = Vec::new();
    for p in plan {
        let same = code_left
            .iter_mut()
            .find(|c| c.is_some_and(|c| c.price_id == p.price_id))
            .and_then(Option::take);
        match same {
            Some(c) => out.push(difference(Some(p), Some(c))),
            None => plan_left.push(p),
        }
    }
    for p in plan_left {
        let like = code_left
            .iter_mut()
            .find(|c| {
                c.is_some_and(|c| c.service == p.service && c.quantity_unit == p.quantity_unit)
            })
            .and_then(Option::take);
        out.push(difference(Some(p), like));
    }
    for c in code_left.into_iter().flatten() {
        out.push(difference(None, Some(c)));
    }
    out
}

impl Difference {
    /// The same line on both sides.
    fn alike(&self) -> bool {
        self.plan == self.code && self.plan_cost == self.code_cost
    }
}

fn difference(plan: Option<&Line>, code: Option<&Line>) -> Difference {
    let label = |l: Option<&Line>| {
        l.map_or("-".to_string(), |l| {
            format!(
                "{} ({} {})",
                l.item,
                l.quantity.normalize(),
                l.quantity_unit
            )
        })
    };
    let cost = |l: Option<&Line>| l.map_or(Money::ZERO, |l| l.cost.expected);
    Difference {
        plan: label(plan),
        code: label(code),
        plan_cost: cost(plan),
        code_cost: cost(code),
        cost: cost(code) - cost(plan),
    }
}

/// What the tier assumes and Terraform cannot say, taken from the tier
/// when the Terraform leaves it open.
fn adopt_assumptions(code: &mut Spec, plan: &Spec) {
    match (code, plan) {
        (Spec::LoadBalancer(code), Spec::LoadBalancer(plan)) => {
            if code.lcu.is_none() {
                code.lcu = plan.lcu;
            }
        }
        // Traffic is the tier's: Terraform says the size, not the load.
        (Spec::Lambda(code), Spec::Lambda(plan)) => {
            if code.invocations.is_none() {
                code.invocations = plan.invocations.clone();
                code.seconds = plan.seconds;
            }
        }
        (Spec::Cloudfront(code), Spec::Cloudfront(plan)) => {
            if code.transfer_gb.is_none() && code.requests.is_none() {
                code.transfer_gb = plan.transfer_gb.clone();
                code.requests = plan.requests.clone();
            }
        }
        (Spec::CloudwatchLogs(code), Spec::CloudwatchLogs(plan)) => {
            if code.ingest_gb.is_none() {
                code.ingest_gb = plan.ingest_gb.clone();
            }
        }
        (Spec::RdsPostgres(_), _)
        | (Spec::ElasticacheRedis(_), _)
        | (Spec::S3(_), _)
        | (Spec::SecretsManager(_), _)
        | (Spec::NatGateway(_), _)
        | (Spec::LoadBalancer(_), _)
        | (Spec::Fargate(_), _)
        | (Spec::Lambda(_), _)
        | (Spec::Cloudfront(_), _)
        | (Spec::CloudwatchLogs(_), _)
        | (Spec::PublicIpv4(_), _)
        | (Spec::Amplify(_), _)
        | (Spec::Vercel(_), _)
        | (Spec::Qstash(_), _)
        | (Spec::UpstashRedis(_), _)
        | (Spec::Supabase(_), _)
        | (Spec::HetznerServer(_), _)
        | (Spec::HetznerStorageBox(_), _)
        | (Spec::Llm(_), _)
        | (Spec::Fixed(_), _)
        | (Spec::Metered(_), _) => {}
        #[cfg(test)]
        (Spec::Probe(_), _) => {}
    }
}
