//! An architecture: tiers keyed by user count, each a list of priced components.

use super::review::{Concern, Recommendations, Risk, Section, Text, VariableCost};
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

pub use crate::kinds::{Kind, Spec};

/// A priced part of a tier: a name, who pays for it, and its kind with the
/// fields that kind takes (`src/kinds/`). A field the kind does not take is an
/// error, so a typo cannot silently change nothing.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
pub struct Component {
    /// Unique within the tier ("database", "cache").
    pub name: String,
    /// The budget pool that pays for it. When absent, the pool whose
    /// `vendors` include the line's vendor, else the pool open to any vendor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Deliberate security or resilience trade-offs, rendered as checkov skips.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trade_offs: Vec<TradeOff>,
    /// The components of the tier it connects to (`web` reaches
    /// `database`): every command checks each link can be made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reaches: Vec<String>,
    #[serde(flatten)]
    pub spec: Spec,
    /// Quantities given instead of the workload's (a resource read from
    /// Terraform); never in a profile file.
    #[serde(skip)]
    #[schemars(skip)]
    pub given: Option<crate::engine::charges::GivenUsage>,
}

impl Component {
    pub fn kind(&self) -> Kind {
        self.spec.part().kind()
    }

    /// Whether the component is part of the AWS estate `render terraform` writes.
    pub fn is_aws(&self) -> bool {
        self.spec.part().estate() != crate::kinds::Estate::Elsewhere
    }
}

/// The JSON Schema of a profile, as editors use it: each kind of component
/// is a schema of its own listing the fields it takes (with the fields every
/// component has), and no other, so an editor flags `nodes` on a database.
pub fn json_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(Profile)).unwrap_or_default();
    let Some(component) = schema
        .pointer_mut("/definitions/Component")
        .and_then(serde_json::Value::as_object_mut)
    else {
        return schema;
    };
    let common = component.remove("properties").unwrap_or_default();
    let required = component.remove("required").unwrap_or_default();
    component.remove("type");
    if let Some(variants) = component
        .get_mut("oneOf")
        .and_then(serde_json::Value::as_array_mut)
    {
        for variant in variants.iter_mut().filter_map(|v| v.as_object_mut()) {
            if let (Some(props), Some(common)) = (
                variant
                    .entry("properties")
                    .or_insert_with(|| serde_json::json!({}))
                    .as_object_mut(),
                common.as_object(),
            ) {
                for (k, v) in common {
                    props.insert(k.clone(), v.clone());
                }
            }
            if let Some(req) = variant
                .entry("required")
                .or_insert_with(|| serde_json::json!([]))
                .as_array_mut()
            {
                for r in required.as_array().into_iter().flatten() {
                    if !req.contains(r) {
                        req.push(r.clone());
                    }
                }
            }
            variant.insert("additionalProperties".into(), false.into());
        }
    }
    schema
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
    fn a_field_of_another_kind_is_refused() {
        let e = serde_saphyr::from_str::<Component>(
            "name: db\nkind: rds-postgres\ninstance_class: db.t4g.small\nstorage_gb: 20\nnodes: 3\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("unknown field `nodes`"), "{e}");
    }

    #[test]
    fn the_schema_gives_each_kind_its_own_fields() {
        let schema = json_schema();
        let variants = schema
            .pointer("/definitions/Component/oneOf")
            .and_then(|v| v.as_array())
            .expect("one schema per kind");
        let of = |kind: &str| {
            variants
                .iter()
                .find(|v| v.pointer("/properties/kind/enum/0") == Some(&serde_json::json!(kind)))
                .unwrap_or_else(|| panic!("no schema for {kind}"))
        };
        let rds = of("rds-postgres");
        // additionalProperties false with no `nodes` property: a validator
        // rejects `nodes` on an RDS component.
        assert_eq!(rds["additionalProperties"], false);
        assert!(rds["properties"].get("nodes").is_none());
        assert!(rds["properties"].get("instance_class").is_some());
        assert!(rds["properties"].get("name").is_some());
        assert!(of("elasticache-redis")["properties"].get("nodes").is_some());
        let required = rds["required"].as_array().unwrap();
        assert!(required.contains(&serde_json::json!("name")));
        assert!(required.contains(&serde_json::json!("storage_gb")));
        for kind in Kind::ALL {
            of(kind.as_str());
        }
    }

    #[test]
    fn common_fields_and_kind_fields_read_together() {
        let c: Component = serde_saphyr::from_str(
            "name: db\nkind: rds-postgres\npool: aws\nnote: n\ninstance_class: db.t4g.small\nstorage_gb: 20\n",
        )
        .unwrap();
        assert_eq!(c.kind(), Kind::RdsPostgres);
        assert_eq!(c.pool.as_deref(), Some("aws"));
        let back = serde_json::to_value(&c).unwrap();
        assert_eq!(back["kind"], "rds-postgres");
        assert_eq!(back["storage_gb"], 20);
    }
}
