//! AWS Secrets Manager: secrets stored, and the API calls that read them.

use super::{billing, At, ComponentKind, DriverRead, Estate, Kind, TerraformRole, MAX_COUNT};
use crate::engine::capacity::{Fact, Limit, Resource, Sizing};
use crate::engine::charges::{charge, Basis, Charge, PriceRef};
use crate::engine::quantities::Usage;
use crate::engine::size::Size;
use crate::error::Result;
use crate::model::profile::{Component, Tier};
use crate::render::terraform::assembly::{Assembly, ModulePart};
use crate::render::terraform::context::Upgrade;
use crate::tfread::group::Group;
use crate::tfread::{count, Read};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// AWS Secrets Manager.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecretsManager {
    /// Secrets stored (each billed per month).
    pub secrets: u32,
}

impl ComponentKind for SecretsManager {
    fn kind(&self) -> Kind {
        Kind::SecretsManager
    }

    fn validate(&self, at: &At<'_>) -> Result<()> {
        at.count("secrets", Some(self.secrets), MAX_COUNT)
    }

    fn charges(&self, u: &Usage) -> Vec<Charge> {
        let secrets = self.secrets;
        vec![
            charge(
                format!("{secrets} secret{}", if secrets == 1 { "" } else { "s" }),
                PriceRef::fixed("aws.secretsmanager.secret"),
                Decimal::from(secrets),
                Basis::Fixed,
            ),
            charge(
                "API calls",
                PriceRef::fixed("aws.secretsmanager.api"),
                u.secrets_api_calls,
                Basis::Usage,
            ),
        ]
    }

    fn drivers(&self) -> Vec<DriverRead> {
        billing(&["secrets_api_calls"])
    }

    fn size(&self) -> Size {
        Size::named(Kind::SecretsManager.as_str())
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
        "secrets"
    }

    fn estate(&self) -> Estate {
        Estate::AwsRendered
    }

    fn network(&self) -> super::network::Network {
        super::network::Network::store()
    }

    fn remedy(&self, _side: super::network::Side) -> Option<super::network::Remedy> {
        None
    }

    fn terraform(&self) -> TerraformRole<'_> {
        TerraformRole::Rendered(self)
    }
}

impl ModulePart for SecretsManager {
    fn assemble<'a>(&'a self, c: &'a Component, m: &mut Assembly<'a>) {
        // The secrets themselves are the other parts' (the database's users,
        // the cache's token, the keys of external services): this component
        // prices them and its trade-offs cover them.
        m.secrets_component = Some(c);
    }

    fn upgrade(&self, _c: &Component, _below: &Tier, _notes: &mut Upgrade) {
        // A secret count is a price, not a resource: nothing to apply.
    }
}

/// The `aws_secretsmanager_secret` resources of one component.
pub fn from_terraform(g: &Group<'_>) -> std::result::Result<Read<SecretsManager>, String> {
    Ok(Read::new(SecretsManager {
        secrets: count(g.of_type("aws_secretsmanager_secret").count()),
    }))
}

/// Infracost usage-file keys of `aws_secretsmanager_secret`.
pub const USAGE_KEYS: &[(&str, &str)] = &[("monthly_requests", "aws.secretsmanager.api")];
