//! A kind that exists only in tests: it is registered in one line of the
//! kind list and every command handles it, which is what keeps "a new kind is
//! one module" true.

use super::{At, ComponentKind, DriverRead, Estate, Kind, TerraformRole};
use crate::engine::capacity::{Fact, Limit, Resource, Sizing};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::Size;
use crate::error::Result;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A test kind: `widgets` fixed lines of a catalog price, plus a driver.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Probe {
    pub widgets: u32,
}

impl ComponentKind for Probe {
    fn kind(&self) -> Kind {
        Kind::Probe
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        at.count("widgets", Some(self.widgets), 10)
    }

    fn charges(&self, u: &Usage) -> Vec<Charge> {
        vec![
            charge(
                format!("widget ×{}", self.widgets),
                PriceRef::fixed("vercel.pro.seat"),
                Decimal::from(self.widgets),
                Basis::Fixed,
            ),
            charge(
                "probe traffic",
                PriceRef::fixed("aws.data-transfer.out"),
                u.driver("probe_gb"),
                Basis::Usage,
            ),
        ]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        vec![DriverRead::bills("probe_gb")]
    }

    fn size(&self) -> Size {
        Size::named("probe")
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
        "widgets"
    }

    fn estate(&self) -> Estate {
        Estate::Elsewhere
    }

    fn network(&self) -> super::network::Network {
        super::network::Network::none()
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::Nothing
    }
}

#[cfg(test)]
mod tests {
    use crate::cli::Cli;
    use clap::Parser;

    const PROFILE: &str = "name: probed\ntitle: A kind registered only in tests\ntiers:\n  - users: 100\n    components:\n      - name: thing\n        kind: probe\n        widgets: 3\n      - name: db\n        kind: rds-postgres\n        instance_class: db.t4g.micro\n        storage_gb: 20\n";
    const WORKLOAD: &str = "probe_gb: {low: 1, expected: 2, high: 3, unit: GB}\nmessages_stored: {low: 1, expected: 1, high: 1, unit: rows}\nmessage_kb: {low: 1, expected: 1, high: 1, unit: KB}\nconcurrent_share: {low: 0.1, expected: 0.1, high: 0.1, unit: share}\n";
    const BUDGET: &str = "total: 1000\npools:\n  - name: cash\n    amount: 1000\n";

    /// The probe kind is one module and one line of the kind list; with
    /// nothing else touched, every command prices, checks and renders it.
    #[test]
    fn a_kind_added_in_one_module_runs_through_every_command() {
        let dir = tempfile::tempdir().unwrap();
        let profiles = dir.path().join("profiles");
        std::fs::create_dir(&profiles).unwrap();
        for (name, text) in [
            ("probed.yaml", PROFILE),
            ("workload.yaml", WORKLOAD),
            ("budget.yaml", BUDGET),
            (
                "capacity.yaml",
                include_str!("../../profiles/capacity.yaml"),
            ),
        ] {
            std::fs::write(profiles.join(name), text).unwrap();
        }
        let pricing = concat!(env!("CARGO_MANIFEST_DIR"), "/pricing-data");
        let out = dir.path().join("tf").display().to_string();
        let p = profiles.display().to_string();
        let commands: [&[&str]; 10] = [
            &["cost", "--users", "50", "--format", "json"],
            &["check"],
            &["compare", "alternatives"],
            &["report", "--format", "markdown"],
            &["report", "--format", "html", "--lang", "fr"],
            &["sweep", "--to", "300", "--all"],
            &["chart"],
            &["diff", "--users", "50", "--to-users", "100"],
            &["profiles"],
            &["render", "terraform", "--users", "50", "--out", &out],
        ];
        for args in commands {
            let mut all = vec!["archplan", "--profiles", &p, "--pricing", pricing];
            all.extend(args);
            let cli = Cli::try_parse_from(&all).unwrap();
            let outcome =
                crate::commands::dispatch(cli).unwrap_or_else(|e| panic!("archplan {args:?}: {e}"));
            assert!(outcome.code == 0 || outcome.code == 1, "{args:?}");
            if args[0] == "cost" {
                assert!(outcome.stdout.contains("widget ×3"), "{}", outcome.stdout);
                assert!(
                    outcome.stdout.contains("probe traffic"),
                    "{}",
                    outcome.stdout
                );
            }
        }
    }
}
