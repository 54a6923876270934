//! What joins resources whose values are known only after apply: a NAT
//! gateway to its Elastic IP, an ECS service to its cluster's default
//! capacity provider, a read replica to its source. Read from the
//! references the configuration writes (`allocation_id = aws_eip.nat.id`),
//! kept by both readers in [`TfResource::refs`].

use super::group::module_of;
use super::TfResource;
use std::collections::{HashMap, HashSet};

/// The resources of an input by address without instance keys.
pub struct Links<'a> {
    by_base: HashMap<String, Vec<&'a TfResource>>,
    /// Elastic IPs a NAT gateway's `allocation_id` names.
    nat_addresses: HashSet<String>,
    /// Modules with a NAT gateway whose address is not traceable (a state,
    /// or a plan without its configuration).
    untraced_nat_modules: HashSet<String>,
}

impl<'a> Links<'a> {
    pub fn new(resources: &'a [TfResource]) -> Self {
        let mut by_base: HashMap<String, Vec<&'a TfResource>> = HashMap::new();
        let mut nat_addresses = HashSet::new();
        let mut untraced_nat_modules = HashSet::new();
        for r in resources {
            by_base.entry(r.base_address()).or_default().push(r);
            if r.rtype == "aws_nat_gateway" {
                let traced: Vec<&String> = ["allocation_id", "secondary_allocation_ids"]
                    .iter()
                    .filter_map(|k| r.refs.get(*k))
                    .flatten()
                    .collect();
                if traced.is_empty() && r.is_unknown("allocation_id") {
                    untraced_nat_modules.insert(module_of(&r.address));
                }
                nat_addresses.extend(traced.into_iter().cloned());
            }
        }
        Links {
            by_base,
            nat_addresses,
            untraced_nat_modules,
        }
    }

    /// Whether an `aws_eip` is a NAT gateway's address: named by one, or, when
    /// no gateway of its module can be traced, assumed so (`true` and `false`
    /// say which).
    pub fn nat_address(&self, eip: &TfResource) -> Option<bool> {
        if self.nat_addresses.contains(&eip.base_address()) {
            return Some(true);
        }
        let module = module_of(&eip.address);
        (self.untraced_nat_modules.contains(&module) && eip.str("domain") != Some("standard"))
            .then_some(false)
    }

    /// The engine of a read replica's source, when the source is in the input.
    pub fn source_engine(&self, replica: &TfResource) -> Option<&'a str> {
        let by_ref = replica
            .refs
            .get("replicate_source_db")
            .into_iter()
            .flatten()
            .filter_map(|a| self.by_base.get(a))
            .flatten()
            .find_map(|r| r.str("engine"));
        // A source named by its identifier, written out.
        by_ref.or_else(|| {
            let id = replica.str("replicate_source_db")?;
            self.by_base
                .values()
                .flatten()
                .filter(|r| r.rtype == "aws_db_instance")
                .find(|r| r.str("identifier") == Some(id) || r.str("arn") == Some(id))
                .and_then(|r| r.str("engine"))
        })
    }

    /// Whether a service with neither a launch type nor a capacity provider
    /// strategy runs on Fargate: its cluster offers Fargate capacity (as its
    /// default strategy, or as its only kind of capacity provider, which is
    /// how Infracost reads it too).
    /// A service with no `cluster` runs in the account's default cluster,
    /// whose strategy is not in the configuration: EC2.
    pub fn fargate_by_default(&self, service: &TfResource) -> bool {
        if !service.values.contains_key("cluster") && !service.is_unknown("cluster") {
            return false;
        }
        let fargate = |v: &serde_json::Value| v.as_str().is_some_and(|c| c.starts_with("FARGATE"));
        let fargate_default = |r: &TfResource| {
            let strategy = r
                .values
                .get("default_capacity_provider_strategy")
                .and_then(|v| v.as_array());
            match strategy {
                Some(s) if !s.is_empty() => s
                    .iter()
                    .any(|s| s.get("capacity_provider").is_some_and(fargate)),
                _ => r
                    .values
                    .get("capacity_providers")
                    .and_then(|v| v.as_array())
                    .is_some_and(|a| !a.is_empty() && a.iter().all(fargate)),
            }
        };
        let clusters: Vec<&String> = service.refs.get("cluster").into_iter().flatten().collect();
        let named = service.str("cluster");
        let all = || self.by_base.values().flatten();
        if clusters.is_empty() && named.is_none() {
            // The cluster is not traceable: any default of its module.
            let module = module_of(&service.address);
            return all().any(|r| {
                matches!(
                    r.rtype.as_str(),
                    "aws_ecs_cluster_capacity_providers" | "aws_ecs_cluster"
                ) && module_of(&r.address) == module
                    && fargate_default(r)
            });
        }
        all().any(|r| {
            let is_it = match r.rtype.as_str() {
                "aws_ecs_cluster" => {
                    clusters.iter().any(|c| **c == r.base_address())
                        || named
                            .is_some_and(|n| r.str("name") == Some(n) || r.str("arn") == Some(n))
                }
                "aws_ecs_cluster_capacity_providers" => {
                    clusters.iter().any(|c| r.refers_to("cluster_name", c))
                        || named.is_some_and(|n| r.str("cluster_name") == Some(n))
                }
                _ => false,
            };
            is_it && fargate_default(r)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::{base_address, plan, resource_reference};
    use super::*;

    #[test]
    fn addresses_lose_their_instance_keys_and_references_name_resources() {
        assert_eq!(
            base_address(r#"module.a[0].aws_eip.nat["x.y[1]"]"#),
            "module.a.aws_eip.nat"
        );
        assert_eq!(base_address("aws_lb.api"), "aws_lb.api");
        assert_eq!(
            resource_reference("module.m.", "aws_eip.nat[0].id").as_deref(),
            Some("module.m.aws_eip.nat")
        );
        for not_a_resource in [
            "var.x",
            "local.y",
            "data.aws_ami.ubuntu",
            "module.db.id",
            "each.value",
        ] {
            assert_eq!(
                resource_reference("", not_a_resource),
                None,
                "{not_a_resource}"
            );
        }
    }

    /// A plan's configuration section says which Elastic IP a gateway holds,
    /// which cluster a service runs in and which instance a replica copies,
    /// also inside a module.
    #[test]
    fn a_plan_joins_resources_by_the_references_of_its_configuration() {
        let text = r#"{"format_version": "1.2",
          "planned_values": {"root_module": {"resources": [
            {"address": "aws_eip.nat", "mode": "managed", "type": "aws_eip", "name": "nat", "values": {"domain": "vpc"}},
            {"address": "aws_eip.idle", "mode": "managed", "type": "aws_eip", "name": "idle", "values": {"domain": "vpc"}},
            {"address": "aws_nat_gateway.main", "mode": "managed", "type": "aws_nat_gateway", "name": "main", "values": {}}
          ], "child_modules": [{"address": "module.db", "resources": [
            {"address": "module.db.aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main", "values": {"engine": "mysql"}},
            {"address": "module.db.aws_db_instance.replica[0]", "mode": "managed", "type": "aws_db_instance", "name": "replica", "index": 0, "values": {}}
          ]}]}},
          "resource_changes": [
            {"address": "aws_nat_gateway.main", "change": {"actions": ["create"], "after_unknown": {"allocation_id": true}}},
            {"address": "module.db.aws_db_instance.replica[0]", "change": {"actions": ["create"], "after_unknown": {"replicate_source_db": true}}}
          ],
          "configuration": {"root_module": {
            "resources": [
              {"address": "aws_nat_gateway.main", "mode": "managed", "type": "aws_nat_gateway", "name": "main",
               "expressions": {"allocation_id": {"references": ["aws_eip.nat.id", "aws_eip.nat"]}}}
            ],
            "module_calls": {"db": {"module": {"resources": [
              {"address": "aws_db_instance.replica", "mode": "managed", "type": "aws_db_instance", "name": "replica",
               "expressions": {"replicate_source_db": {"references": ["aws_db_instance.main.identifier", "aws_db_instance.main"]},
                               "instance_class": {"references": ["var.class"]}}}
            ]}}}
          }}}"#;
        let input = plan::parse(text, "plan.json").unwrap();
        let get = |a: &str| input.resources.iter().find(|r| r.address == a).unwrap();
        let nat = get("aws_nat_gateway.main");
        assert!(nat.refers_to("allocation_id", "aws_eip.nat"));
        let replica = get("module.db.aws_db_instance.replica[0]");
        assert_eq!(
            replica.refs.get("replicate_source_db").unwrap(),
            &vec!["module.db.aws_db_instance.main".to_string()]
        );
        assert!(!replica.refs.contains_key("instance_class"));
        let links = Links::new(&input.resources);
        assert_eq!(links.nat_address(get("aws_eip.nat")), Some(true));
        assert_eq!(links.nat_address(get("aws_eip.idle")), None);
        assert_eq!(links.source_engine(replica), Some("mysql"));
    }

    /// Without references (a state), a gateway's address is assumed among
    /// its module's Elastic IPs, and said so by the `false`.
    #[test]
    fn without_references_a_modules_addresses_are_assumed_the_gateways() {
        let text = r#"{"format_version": "1.0", "values": {"root_module": {"resources": [
            {"address": "aws_eip.a", "mode": "managed", "type": "aws_eip", "name": "a", "values": {"domain": "vpc"}},
            {"address": "aws_nat_gateway.main", "mode": "managed", "type": "aws_nat_gateway", "name": "main", "values": {}}
          ]}},
          "resource_changes": [{"address": "aws_nat_gateway.main", "change": {"after_unknown": {"allocation_id": true}}}]}"#;
        let input = plan::parse(text, "state.json").unwrap();
        let links = Links::new(&input.resources);
        assert_eq!(links.nat_address(&input.resources[0]), Some(false));
    }
}
