//! The checkov checks the rendered module knowingly fails, resource by
//! resource, and how the profile's trade-offs turn into inline skips.
//!
//! The templates are written to pass every other check. Where the tier's
//! shape makes a resource fail one (a Single-AZ database, a single cache
//! node) or the module leaves a paid extra out (a customer-managed KMS key,
//! access logs, a WAF), the resource has a *gap*. A gap the profile declares
//! as a trade-off of the component becomes `#checkov:skip=CHECK:reason` in
//! the resource; a gap it does not declare is reported (checkov will fail);
//! a declared trade-off that matches no gap is reported too, so that the
//! skips in the code are exactly the trade-offs of the profile.

use crate::model::profile::Component;
use serde::Serialize;

/// A check a resource fails, and why, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    pub check: &'static str,
    pub what: &'static str,
}

const fn gap(check: &'static str, what: &'static str) -> Gap {
    Gap { check, what }
}

pub const RDS_SINGLE_AZ: Gap = gap("CKV_AWS_157", "the instance is Single-AZ");
pub const RDS_PUBLIC: Gap = gap("CKV_AWS_17", "the instance is publicly accessible");
pub const RDS_INSIGHTS_CMK: Gap = gap(
    "CKV_AWS_354",
    "Performance Insights is encrypted with the AWS-managed key, not a customer-managed KMS key",
);
pub const CACHE_CMK: Gap = gap(
    "CKV_AWS_191",
    "data at rest is encrypted with the AWS-managed key, not a customer-managed KMS key",
);
pub const CACHE_NO_FAILOVER: Gap = gap("CKV2_AWS_50", "a single node, so no automatic failover");
pub const S3_NO_ACCESS_LOG: Gap = gap("CKV_AWS_18", "no server access logging");
pub const S3_NO_REPLICATION: Gap = gap("CKV_AWS_144", "no cross-region replication");
pub const SECRET_CMK: Gap = gap(
    "CKV_AWS_149",
    "encrypted with the AWS-managed key, not a customer-managed KMS key",
);
pub const SECRET_NO_ROTATION: Gap = gap("CKV2_AWS_57", "no automatic rotation");
pub const VPC_NO_FLOW_LOGS: Gap = gap("CKV2_AWS_11", "no VPC flow logs");
pub const LB_NO_ACCESS_LOG: Gap = gap("CKV_AWS_91", "no access logging");
pub const LB_NO_WAF: Gap = gap(
    "CKV2_AWS_28",
    "no WAF web ACL in front of the public load balancer",
);
pub const LOGS_CMK: Gap = gap(
    "CKV_AWS_158",
    "the log group is encrypted with the CloudWatch Logs key, not a customer-managed KMS key",
);

pub const SNS_NO_CMK: Gap = gap(
    "CKV_AWS_26",
    "the alarm topic is not encrypted: CloudWatch alarms, RDS events and AWS Budgets cannot publish to a topic under the AWS-managed SNS key",
);

/// A skip comment: `#checkov:skip=CHECK:reason`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skip {
    pub check: String,
    pub reason: String,
}

/// A trade-off rendered as a skip in a resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlacedTradeOff {
    pub resource: String,
    pub component: String,
    pub check: String,
    pub reason: String,
}

/// A gap no trade-off covers: checkov will report it as failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenGap {
    pub resource: String,
    pub component: String,
    pub check: String,
    pub what: String,
}

/// Matches the gaps of each rendered resource with the trade-offs of its component.
#[derive(Debug, Default)]
pub struct Placer {
    pub placed: Vec<PlacedTradeOff>,
    pub open: Vec<OpenGap>,
}

impl Placer {
    /// The skips of resource `address`, which belongs to `component` and has `gaps`.
    pub fn skips(&mut self, component: &Component, address: &str, gaps: &[Gap]) -> Vec<Skip> {
        let mut skips = Vec::new();
        for gap in gaps {
            match component.trade_offs.iter().find(|t| t.check == gap.check) {
                Some(t) => {
                    let reason = one_line(&t.reason);
                    skips.push(Skip {
                        check: t.check.clone(),
                        reason: reason.clone(),
                    });
                    self.placed.push(PlacedTradeOff {
                        resource: address.to_string(),
                        component: one_line(&component.name),
                        check: t.check.clone(),
                        reason,
                    });
                }
                None => self.open.push(OpenGap {
                    resource: address.to_string(),
                    component: one_line(&component.name),
                    check: gap.check.to_string(),
                    what: gap.what.to_string(),
                }),
            }
        }
        skips
    }

    /// Whether a trade-off of `component` became a skip somewhere.
    pub fn used(&self, component: &str, check: &str) -> bool {
        self.placed
            .iter()
            .any(|p| p.component == component && p.check == check)
    }
}

/// Collapses a reason onto one line: a skip comment ends at the line's end.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `check` looks like a checkov check id: CKV_AWS_157, CKV2_AWS_50.
pub fn valid_check_id(check: &str) -> bool {
    let Some(rest) = check
        .strip_prefix("CKV_")
        .or_else(|| check.strip_prefix("CKV2_"))
    else {
        return false;
    };
    let mut parts = rest.rsplitn(2, '_');
    let number = parts.next().unwrap_or("");
    let family = parts.next().unwrap_or("");
    !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && !family.is_empty()
        && family
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::profile::TradeOff;

    fn component(trade_offs: &[(&str, &str)]) -> Component {
        let mut c: Component =
            serde_saphyr::from_str(
            "name: database\nkind: rds-postgres\npool: aws\ninstance_class: db.t4g.small\nstorage_gb: 20\n",
        )
        .unwrap();
        c.trade_offs = trade_offs
            .iter()
            .map(|(check, reason)| TradeOff {
                check: check.to_string(),
                reason: reason.to_string(),
            })
            .collect();
        c
    }

    #[test]
    fn declared_gaps_become_skips_and_the_others_stay_open() {
        let c = component(&[
            ("CKV_AWS_157", "Single-AZ\n  for the beta"),
            ("CKV_AWS_999", "unused"),
        ]);
        let mut placer = Placer::default();
        let skips = placer.skips(&c, "aws_db_instance.database", &[RDS_SINGLE_AZ, RDS_PUBLIC]);
        assert_eq!(
            skips,
            vec![Skip {
                check: "CKV_AWS_157".into(),
                reason: "Single-AZ for the beta".into()
            }]
        );
        assert_eq!(placer.open.len(), 1);
        assert_eq!(placer.open[0].check, "CKV_AWS_17");
        assert!(placer.used("database", "CKV_AWS_157"));
        assert!(!placer.used("database", "CKV_AWS_999"));
    }

    #[test]
    fn check_ids_are_recognised() {
        for ok in ["CKV_AWS_157", "CKV2_AWS_50", "CKV_K8S_1"] {
            assert!(valid_check_id(ok), "{ok}");
        }
        for bad in [
            "CKV_AWS_",
            "ckv_aws_1",
            "CKV_AWS_1a",
            "AWS_157",
            "CKV__1",
            "CKV_AWS 1",
        ] {
            assert!(!valid_check_id(bad), "{bad}");
        }
    }
}
