//! ECS services on Fargate: vCPU-hours and GB-hours of their tasks, and the
//! log group each service writes to.

use super::{At, ComponentKind, DriverRead, Estate, Kind, TerraformRole, MAX_COUNT};
use crate::engine::capacity::{Fact, Limit, Resource, Sizing};
use crate::engine::charges::{charge, hours, log_charges, Basis, Charge, PriceRef};
use crate::engine::monitoring;
use crate::engine::quantities::Usage;
use crate::engine::size::{Size, SizePart};
use crate::error::Result;
use crate::model::profile::{Component, Tier};
use crate::render::terraform::assembly::{Assembly, ModulePart};
use crate::render::terraform::checks::{self, one_line};
use crate::render::terraform::context::{Service, Upgrade};
use crate::render::terraform::names::{ecs_name, identifier};
use crate::tfread::group::Group;
use crate::tfread::{Read, TfResource};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// ECS on Fargate: tasks of one size.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fargate {
    pub tasks: u32,
    /// vCPU per task: 0.25, 0.5, 1, 2, 4, 8 or 16.
    #[schemars(with = "f64")]
    #[serde(deserialize_with = "super::number::decimal")]
    pub vcpu: Decimal,
    /// GB of memory per task, a size Fargate offers with that vCPU.
    #[schemars(with = "f64")]
    #[serde(deserialize_with = "super::number::decimal")]
    pub memory_gb: Decimal,
}

impl Fargate {
    /// CPU units and MiB of a task, when Fargate offers that size.
    pub fn task_size(&self) -> Option<(u32, u32)> {
        let units = |v: Decimal| {
            let scaled = v * Decimal::from(1024);
            scaled.fract().is_zero().then(|| scaled.to_u32()).flatten()
        };
        let (cpu, memory) = (units(self.vcpu)?, units(self.memory_gb)?);
        memory_options(cpu)
            .contains(&memory)
            .then_some((cpu, memory))
    }
}

/// Memory sizes (MiB) Fargate offers with `cpu` CPU units.
/// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
pub fn memory_options(cpu: u32) -> Vec<u32> {
    let gb = |from: u32, to: u32, step: u32| (from..=to).step_by(step as usize).map(|g| g * 1024);
    match cpu {
        256 => vec![512, 1024, 2048],
        512 => gb(1, 4, 1).collect(),
        1024 => gb(2, 8, 1).collect(),
        2048 => gb(4, 16, 1).collect(),
        4096 => gb(8, 30, 1).collect(),
        8192 => gb(16, 60, 4).collect(),
        16384 => gb(32, 120, 8).collect(),
        _ => Vec::new(),
    }
}

impl ComponentKind for Fargate {
    fn kind(&self) -> Kind {
        Kind::Fargate
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        at.count("tasks", Some(self.tasks), MAX_COUNT)?;
        // Each service's resources are named after its component.
        let resource = identifier(at.name);
        if let Some(other) = at.tier().components[..at.index]
            .iter()
            .find(|o| o.kind() == Kind::Fargate && identifier(&o.name) == resource)
        {
            return Err(at.error(
                "name",
                format!(
                    "component name \"{}\" gives the same Terraform name ({resource}) as Fargate component \"{}\"; rename one",
                    at.name, other.name
                ),
            ));
        }
        if self.task_size().is_some() {
            return Ok(());
        }
        let cpu = (self.vcpu * Decimal::from(1024)).to_u32();
        let options = cpu.map(memory_options).unwrap_or_default();
        let (field, detail, nearest) = if options.is_empty() {
            (
                "vcpu",
                "; Fargate offers 0.25, 0.5, 1, 2, 4, 8 or 16 vCPU".to_string(),
                None,
            )
        } else {
            let gb: Vec<Decimal> = options
                .iter()
                .map(|m| (Decimal::from(*m) / Decimal::from(1024)).normalize())
                .collect();
            let nearest = gb
                .iter()
                .min_by_key(|g| (**g - self.memory_gb).abs())
                .map(|g| g.to_string());
            let list: Vec<String> = gb.iter().map(Decimal::to_string).collect();
            (
                "memory_gb",
                format!(
                    "; with {} vCPU Fargate offers {} GB",
                    self.vcpu.normalize(),
                    list.join(", ")
                ),
                nearest,
            )
        };
        Err(at
            .error(
                field,
                format!(
                    "\"{}\" asks for {} vCPU and {} GB, which is not a Fargate task size{detail}",
                    at.name,
                    self.vcpu.normalize(),
                    self.memory_gb.normalize()
                ),
            )
            .suggest(nearest))
    }

    fn charges(&self, _u: &Usage) -> Vec<Charge> {
        let tasks = Decimal::from(self.tasks);
        let (vcpu, memory) = (self.vcpu, self.memory_gb);
        let mut v = vec![
            charge(
                format!("{tasks} tasks × {vcpu} vCPU"),
                PriceRef::fixed("aws.fargate.vcpu"),
                hours(tasks * vcpu),
                Basis::Fixed,
            ),
            charge(
                format!("{tasks} tasks × {memory} GB"),
                PriceRef::fixed("aws.fargate.memory"),
                hours(tasks * memory),
                Basis::Fixed,
            ),
        ];
        v.extend(log_charges(
            "task log group",
            monitoring::task_log_gb_per_task() * tasks,
        ));
        v
    }

    fn drivers(&self) -> Vec<DriverRead> {
        Vec::new()
    }

    fn size(&self) -> Size {
        Size(vec![SizePart::Tasks {
            tasks: self.tasks,
            vcpu: self.vcpu,
            memory_gb: self.memory_gb,
        }])
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
        "tasks"
    }

    fn estate(&self) -> Estate {
        Estate::AwsRendered
    }

    fn network(&self) -> super::network::Network {
        // Tasks run in the VPC; they are reached through a load balancer.
        super::network::Network::new(
            super::network::Egress::Vpc,
            super::network::Ingress::VpcOnly,
        )
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::Rendered(self)
    }
}

impl ModulePart for Fargate {
    fn assemble<'a>(&'a self, c: &'a Component, m: &mut Assembly<'a>) {
        let resource = identifier(&c.name);
        // Validation has checked the size is one Fargate offers.
        let (cpu, memory) = self.task_size().unwrap_or_default();
        let log_skips = m.skips(
            c,
            &format!("aws_cloudwatch_log_group.{resource}"),
            vec![checks::LOGS_CMK],
        );
        let load_balanced = super::load_balancer::target(m.tier).is_some_and(|t| t.name == c.name);
        if m.services.is_empty() {
            m.design_notes.push("Fargate tasks run on x86-64, which the estimate prices; Graviton (ARM64) tasks cost less if your images are built for it.".to_string());
        }
        m.services.push(Service {
            component: one_line(&c.name),
            name: ecs_name(&c.name),
            resource,
            tasks: self.tasks,
            vcpu: self.vcpu.normalize().to_string(),
            memory_gb: self.memory_gb.normalize().to_string(),
            cpu,
            memory,
            load_balanced,
            log_skips,
        });
    }

    fn upgrade(&self, c: &Component, below: &Tier, notes: &mut Upgrade) {
        let same = below
            .components
            .iter()
            .any(|o| o.name == c.name && o.spec.get::<Fargate>() == Some(self));
        if !same {
            notes.change(
                "Fargate services get their new size or task count through a rolling deployment",
            );
        }
    }
}

/// An `aws_ecs_service` on Fargate, sized by its task definition: the one in
/// the same component, else the one `task_definition` refers to, else the
/// only one of its module, else the one of the same resource name (when the
/// input keeps no references, as a state does).
///
/// A service with neither a launch type nor a capacity provider strategy
/// runs on its cluster's capacity, and without any on EC2:
/// `fargate_by_default` says whether its cluster offers Fargate.
pub fn from_terraform<'a>(
    g: &Group<'a>,
    module_task_definitions: &[&'a TfResource],
    fargate_by_default: bool,
) -> std::result::Result<Read<Fargate>, String> {
    let service = g
        .of_type("aws_ecs_service")
        .next()
        .ok_or("no aws_ecs_service")?;
    let launch = service.str("launch_type");
    let strategy = service.values.contains_key("capacity_provider_strategy")
        || service.is_unknown("capacity_provider_strategy");
    match launch {
        Some("FARGATE") => {}
        Some(other) if !strategy => {
            return Err(format!(
                "launch_type {other}: archplan prices Fargate tasks; EC2 capacity is billed as the instances it runs on"
            ))
        }
        None if !strategy && !fargate_by_default && !service.is_unknown("launch_type") => {
            return Err("no launch_type and no capacity provider strategy, here or as its cluster's default: ECS runs it on EC2 capacity, billed as the instances it runs on (set launch_type = \"FARGATE\" for Fargate)".to_string())
        }
        _ => {}
    }
    let mut assumptions = Vec::new();
    let name = service.address.rsplit('.').next().unwrap_or_default();
    let named = service.refs.get("task_definition");
    let task = g
        .of_type("aws_ecs_task_definition")
        .next()
        .or_else(|| {
            // The one `task_definition` refers to.
            module_task_definitions
                .iter()
                .copied()
                .find(|t| named.is_some_and(|n| n.contains(&t.base_address())))
        })
        .or_else(|| match module_task_definitions {
            [only] => Some(*only),
            _ => module_task_definitions
                .iter()
                .copied()
                .find(|t| t.address.rsplit('.').next() == Some(name)),
        })
        .ok_or("no task definition of its module matches it (give cpu and memory in one aws_ecs_task_definition)")?;
    // ECS takes a size as units (`1024`, `"1024"`) or in words (`"1 vCPU"`,
    // `"2 GB"`); both are read, as vCPUs and GB.
    let units = |key: &str| -> std::result::Result<Decimal, String> {
        if let Some(v) = task.u64(key) {
            return Ok((Decimal::from(v) / Decimal::from(1024)).normalize());
        }
        let words = task.str(key).map(str::trim).and_then(|s| {
            let lower = s.to_ascii_lowercase();
            let number = lower
                .strip_suffix("vcpu")
                .or_else(|| lower.strip_suffix("gb"))?
                .trim()
                .to_string();
            number
                .parse::<Decimal>()
                .ok()
                .filter(|d| *d > Decimal::ZERO)
        });
        words.map(|d| d.normalize()).ok_or_else(|| {
            if task.is_unknown(key) || !task.values.contains_key(key) {
                format!("{}: {key} is not known before apply", task.address)
            } else {
                format!(
                    "{}: {key} {} is not a size ECS takes; expected units such as 1024 or words such as \"1 vCPU\" / \"2 GB\"",
                    task.address,
                    task.values[key]
                )
            }
        })
    };
    let tasks = service.u64("desired_count").unwrap_or_else(|| {
        assumptions.push(format!(
            "{}: desired_count not known; 1 task assumed",
            service.address
        ));
        1
    });
    Ok(Read {
        spec: Fargate {
            tasks: u32::try_from(tasks).unwrap_or(u32::MAX),
            vcpu: units("cpu")?,
            memory_gb: units("memory")?,
        },
        assumptions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fargate_sizes_follow_aws() {
        assert_eq!(memory_options(512), vec![1024, 2048, 3072, 4096]);
        assert!(memory_options(1024).contains(&2048));
        assert!(!memory_options(1024).contains(&1024));
        assert!(memory_options(300).is_empty());
    }
}
