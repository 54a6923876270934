//! Funding pools: credits that only some vendors may draw on, and cash for the
//! rest; what a pool cannot pay spills into another, as on a cloud bill.

use crate::error::{closest, Result};
use crate::model::locate::YamlPath;
use crate::model::Document;
use crate::money::Money;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// `profiles/budget.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// Ceiling on the whole monthly bill, whatever pays it (USD).
    #[schemars(with = "f64")]
    pub total: Money,
    /// The day the budget is stated at (YYYY-MM-DD): the bill judged is that
    /// day's month, and one-off balances are what is left of them that day.
    /// Needed when a pool has a `balance`; archplan never reads the clock, so
    /// the same files always give the same verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Day>,
    pub pools: Vec<Pool>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pool {
    /// The name components use in their `pool` field.
    pub name: String,
    /// Monthly amount (USD), renewed every month. A pool has either `amount`
    /// or `balance`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<f64>")]
    pub amount: Option<Money>,
    /// One-off balance (USD), as AWS Activate or an Azure sponsorship grants
    /// it: what is left of it on the budget's `as_of` day. It pays each month's
    /// bill of its lines until it runs out or expires; after that its lines
    /// spill (see `spill_to`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<f64>")]
    pub balance: Option<Money>,
    /// First day the balance may pay (YYYY-MM-DD); default: the budget's
    /// `as_of`. Only whole months count: the first month paid is the first
    /// that starts on or after this day (or `as_of`'s month, if later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts: Option<Day>,
    /// Last day the balance may pay (YYYY-MM-DD); absent: it does not expire.
    /// Only whole months count: the last month paid is the last that ends on
    /// or before this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Day>,
    /// Vendors whose lines may draw on the pool; empty means any vendor.
    #[serde(default)]
    pub vendors: Vec<String>,
    /// The pool that pays what this one cannot (its excess "spills" there).
    /// Default: a credit pool (one with `vendors`, or a `balance`) spills into
    /// the first pool open to every vendor with a monthly amount — the card;
    /// the card itself spills nowhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spill_to: Option<String>,
    /// `never`: the pool's limit is hard — what it cannot pay fails the
    /// budget instead of spilling. Default: `allowed`.
    #[serde(default, skip_serializing_if = "SpillRule::is_allowed")]
    pub spill: SpillRule,
    #[serde(default)]
    pub note: String,
}

/// Whether a pool may pass what it cannot pay to another pool.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SpillRule {
    /// To `spill_to`, or by default to the card.
    #[default]
    Allowed,
    /// Never: exceeding the pool fails the budget.
    Never,
}

impl SpillRule {
    fn is_allowed(&self) -> bool {
        *self == SpillRule::Allowed
    }
}

/// Why a pool's limit is hard: what is over it cannot spill anywhere, so it
/// fails the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HardLimit {
    /// The card: a pool open to every vendor, with nowhere further to spill.
    Card,
    /// The pool is marked `spill: never`.
    Never,
    /// A credit pool with no `spill_to`, in a budget without a card pool.
    NoCard,
}

impl HardLimit {
    /// Why the limit holds, for messages: "the card spills nowhere".
    pub fn reason(self) -> &'static str {
        match self {
            HardLimit::Card => "the card spills nowhere",
            HardLimit::Never => "it is marked `spill: never`",
            HardLimit::NoCard => "the budget has no card pool to spill into",
        }
    }
}

/// A calendar day, written `YYYY-MM-DD`. Read as text and checked by
/// [`validate_funding`], so that a day that is not one is reported at its own
/// line and column.
#[derive(Debug, Clone)]
pub struct Day {
    text: String,
    date: Option<jiff::civil::Date>,
}

impl JsonSchema for Day {
    fn schema_name() -> String {
        "Day".to_string()
    }

    fn json_schema(_: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        schemars::schema::SchemaObject {
            instance_type: Some(schemars::schema::InstanceType::String.into()),
            format: Some("date".to_string()),
            metadata: Some(Box::new(schemars::schema::Metadata {
                description: Some("A calendar day, YYYY-MM-DD.".to_string()),
                ..Default::default()
            })),
            ..Default::default()
        }
        .into()
    }
}

impl Day {
    /// The day; validation rejects a budget whose days are not dates, so
    /// the fallback is never used on a loaded budget.
    pub fn date(&self) -> jiff::civil::Date {
        self.date.unwrap_or_default()
    }
}

impl PartialEq for Day {
    fn eq(&self, other: &Self) -> bool {
        self.date() == other.date()
    }
}

impl Eq for Day {}

impl PartialOrd for Day {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Day {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.date().cmp(&other.date())
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let date = parse_day(&text);
        Ok(Day { text, date })
    }
}

fn parse_day(text: &str) -> Option<jiff::civil::Date> {
    let b = text.as_bytes();
    let shaped = b.len() == 10 && b[4] == b'-' && b[7] == b'-';
    shaped.then(|| text.parse().ok()).flatten()
}

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl Pool {
    pub fn accepts(&self, vendor: &str) -> bool {
        self.vendors.is_empty() || self.vendors.iter().any(|v| v == vendor)
    }

    /// The card: open to every vendor, renewed monthly. Every other pool is
    /// credits.
    pub fn is_card(&self) -> bool {
        self.vendors.is_empty() && self.balance.is_none()
    }

    /// Whether every line this pool may pay, `other` may pay too.
    fn fits_into(&self, other: &Pool) -> bool {
        other.vendors.is_empty()
            || (!self.vendors.is_empty() && self.vendors.iter().all(|v| other.accepts(v)))
    }
}

impl Budget {
    pub fn pool(&self, name: &str) -> Option<&Pool> {
        self.pools.iter().find(|p| p.name == name)
    }

    /// The pool a vendor's lines land on when a component names none: the
    /// first pool that lists the vendor, else the first open to every vendor.
    pub fn default_pool(&self, vendor: &str) -> Option<&Pool> {
        self.pools
            .iter()
            .find(|p| p.vendors.iter().any(|v| v == vendor))
            .or_else(|| self.pools.iter().find(|p| p.vendors.is_empty()))
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.pools.iter().position(|p| p.name == name)
    }

    /// The first card pool: where credit pools spill by default.
    fn card(&self) -> Option<usize> {
        self.pools.iter().position(Pool::is_card)
    }

    /// The pool that pays what pool `i` cannot, if it may spill.
    pub fn spill_target(&self, i: usize) -> Option<usize> {
        let pool = &self.pools[i];
        if pool.spill == SpillRule::Never {
            return None;
        }
        match &pool.spill_to {
            Some(name) => self.index(name),
            None if pool.is_card() => None,
            None => self.card().filter(|&c| c != i),
        }
    }

    /// Why pool `i` cannot spill; `None` when it can.
    pub fn hard_limit(&self, i: usize) -> Option<HardLimit> {
        if self.spill_target(i).is_some() {
            return None;
        }
        let pool = &self.pools[i];
        // The card is the card, whether or not it is also marked `never`.
        Some(if pool.is_card() {
            HardLimit::Card
        } else if pool.spill == SpillRule::Never {
            HardLimit::Never
        } else {
            HardLimit::NoCard
        })
    }

    /// Pool `i`, then every pool its excess passes through. Ends: validation
    /// rejects circles (and a circle would stop at its first repeat anyway).
    pub fn chain(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut at = i;
        while let Some(next) = self.spill_target(at) {
            if out.contains(&next) {
                break;
            }
            out.push(next);
            at = next;
        }
        out
    }

    /// Pools in an order where every pool comes before the one it spills
    /// into: the longest chains first.
    pub fn spill_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.pools.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(self.chain(i).len()));
        order
    }
}

/// The checks of spilling and of one-off balances, each an error at the
/// field at fault: a spill target that does not exist, cannot pay the lines
/// or closes a circle; a pool with both or neither of `amount` and `balance`;
/// dates that do not go together.
pub fn validate_funding(doc: &Document<Budget>) -> Result<()> {
    let b = &doc.value;
    let root = YamlPath::root();
    let names: Vec<&str> = b.pools.iter().map(|p| p.name.as_str()).collect();
    let days = std::iter::once((root.key("as_of"), &b.as_of)).chain(
        b.pools.iter().enumerate().flat_map(|(i, p)| {
            let path = root.key("pools").index(i);
            [
                (path.key("starts"), &p.starts),
                (path.key("expires"), &p.expires),
            ]
        }),
    );
    for (path, day) in days {
        if let Some(day) = day.as_ref().filter(|d| d.date.is_none()) {
            return Err(doc.error_at(
                &path,
                format!(
                    "\"{}\" is not a day; expected YYYY-MM-DD, e.g. 2027-06-30",
                    day.text
                ),
            ));
        }
    }
    for (i, pool) in b.pools.iter().enumerate() {
        let path = root.key("pools").index(i);
        let name = &pool.name;
        match (pool.amount, pool.balance) {
            (Some(_), Some(balance)) => {
                return Err(doc
                    .error_at(
                        &path.key("balance"),
                        format!(
                            "pool \"{name}\" has both a monthly `amount` and a one-off `balance`; expected one of them"
                        ),
                    )
                    .suggest(Some(format!(
                        "`balance: {}` alone, as a separate pool from the monthly amount",
                        balance.amount().normalize()
                    ))));
            }
            (None, None) => {
                return Err(doc
                    .error_at(
                        &path,
                        format!(
                            "pool \"{name}\" has no `amount` (monthly) or `balance` (one-off); expected one of them"
                        ),
                    )
                    .suggest(Some("`amount: 0`".to_string())));
            }
            (None, Some(balance)) if balance.is_negative() => {
                return Err(doc
                    .error_at(
                        &path.key("balance"),
                        format!(
                            "pool \"{name}\" has balance {}; expected 0 or more",
                            balance.amount()
                        ),
                    )
                    .suggest(Some("`balance: 0`".to_string())));
            }
            _ => {}
        }
        if pool.balance.is_none() {
            for field in ["starts", "expires"] {
                let set = match field {
                    "starts" => pool.starts.is_some(),
                    _ => pool.expires.is_some(),
                };
                if set {
                    let amount = pool.amount.unwrap_or_default().amount().normalize();
                    return Err(doc
                        .error_at(
                            &path.key(field),
                            format!(
                                "pool \"{name}\" has `{field}` but a monthly `amount`; only a one-off `balance` starts and expires"
                            ),
                        )
                        .suggest(Some(format!("`balance: {amount}` instead of `amount: {amount}`"))));
                }
            }
        } else if b.as_of.is_none() {
            let hint = pool.starts.as_ref().map_or_else(
                || {
                    "`as_of: YYYY-MM-DD` at the top of the file, the day the balance was read"
                        .to_string()
                },
                |s| format!("`as_of: {s}` at the top of the file"),
            );
            return Err(doc
                .error_at(
                    &path.key("balance"),
                    format!(
                        "pool \"{name}\" has a one-off balance, so the budget needs `as_of`: the day that balance is left (archplan does not read the clock)"
                    ),
                )
                .suggest(Some(hint)));
        }
        if let (Some(expires), Some(start)) =
            (&pool.expires, pool.starts.as_ref().or(b.as_of.as_ref()))
        {
            if expires < start {
                let from = if pool.starts.is_some() {
                    "starts"
                } else {
                    "the budget's as_of"
                };
                return Err(doc
                    .error_at(
                        &path.key("expires"),
                        format!(
                            "pool \"{name}\" expires {expires}, before it {} {start}; expected a day on or after {start}",
                            if pool.starts.is_some() { "starts" } else { "is counted from (as_of)" },
                        ),
                    )
                    .suggest(Some(format!("`expires: {start}` (the day of {from})"))));
            }
        }
        if let Some(target) = &pool.spill_to {
            let at = path.key("spill_to");
            if pool.spill == SpillRule::Never {
                return Err(doc
                    .error_at(
                        &at,
                        format!(
                            "pool \"{name}\" is marked `spill: never` and names `spill_to: {target}`; expected one or the other"
                        ),
                    )
                    .suggest(Some(format!("`spill_to: {target}` without `spill: never`"))));
            }
            let cards = b
                .pools
                .iter()
                .filter(|p| p.name != *name && pool.fits_into(p))
                .map(|p| p.name.as_str());
            let Some(t) = b.pool(target) else {
                let near = closest(
                    target,
                    names.iter().copied().filter(|n| *n != name.as_str()),
                )
                .or_else(|| cards.clone().next().map(str::to_string));
                return Err(doc
                    .error_at(
                        &at,
                        format!(
                            "pool \"{name}\" spills to \"{target}\", which is not a pool of the budget (pools: {})",
                            names.join(", ")
                        ),
                    )
                    .suggest(near.map(|s| format!("`spill_to: {s}`"))));
            };
            if t.name == *name {
                return Err(doc
                    .error_at(
                        &at,
                        format!(
                            "pool \"{name}\" spills to itself; expected another pool, or `spill: never`"
                        ),
                    )
                    .suggest(cards.clone().next().map(|s| format!("`spill_to: {s}`"))));
            }
            if !pool.fits_into(t) {
                let what = if pool.vendors.is_empty() {
                    "every vendor".to_string()
                } else {
                    pool.vendors.join(", ")
                };
                return Err(doc
                    .error_at(
                        &at,
                        format!(
                            "pool \"{name}\" pays {what} and spills to \"{target}\", which only pays {}; expected a pool that pays {what}",
                            t.vendors.join(", ")
                        ),
                    )
                    .suggest(cards.clone().next().map(|s| format!("`spill_to: {s}`"))));
            }
        }
    }
    // A circle: following the spills from a pool comes back to it.
    for i in 0..b.pools.len() {
        let chain = b.chain(i);
        let last = *chain.last().unwrap_or(&i);
        if let Some(back) = b.spill_target(last) {
            if chain.contains(&back) {
                let start = chain.iter().position(|&x| x == back).unwrap_or(0);
                let circle: Vec<&str> = chain[start..]
                    .iter()
                    .chain(std::iter::once(&back))
                    .map(|&x| names[x])
                    .collect();
                let out = b
                    .pools
                    .iter()
                    .enumerate()
                    .filter(|(k, p)| !chain[start..].contains(k) && b.pools[back].fits_into(p))
                    .find(|&(k, _)| b.spill_target(k).is_none())
                    .map(|(_, p)| format!("`spill_to: {}`", p.name));
                return Err(doc
                    .error_at(
                        &root.key("pools").index(back).key("spill_to"),
                        format!(
                            "pools spill in a circle ({}), so the excess would never be paid; expected a chain that ends at a pool that does not spill",
                            circle.join(" → ")
                        ),
                    )
                    .suggest(out.or_else(|| Some("`spill: never` on one of them".to_string()))));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_yaml;

    fn load(text: &str) -> Result<Document<Budget>> {
        let doc = parse_yaml::<Budget>("budget.yaml", text)?;
        validate_funding(&doc)?;
        Ok(doc)
    }

    const POOLS: &str = "total: 1000\npools:\n  - name: aws\n    amount: 300\n    vendors: [aws]\n  - name: cash\n    amount: 100\n";

    #[test]
    fn credits_spill_into_the_card_by_default_and_the_card_nowhere() {
        let doc = load(POOLS).unwrap();
        let b = &doc.value;
        assert_eq!(b.spill_target(0), Some(1));
        assert_eq!(b.spill_target(1), None);
        assert_eq!(b.hard_limit(1), Some(HardLimit::Card));
        assert_eq!(b.spill_order(), vec![0, 1]);
    }

    #[test]
    fn a_circle_of_spills_is_an_error_at_the_spill_to_that_closes_it() {
        let text = "total: 1000\npools:\n  - name: aws\n    amount: 300\n    vendors: [aws]\n    spill_to: reserve\n  - name: reserve\n    amount: 50\n    vendors: [aws]\n    spill_to: aws\n  - name: cash\n    amount: 100\n";
        let e = load(text).unwrap_err().to_string();
        assert!(
            e.starts_with("budget.yaml:6:15: pools spill in a circle (aws → reserve → aws)"),
            "{e}"
        );
        assert!(e.ends_with("did you mean `spill_to: cash`?"), "{e}");
    }

    #[test]
    fn an_unknown_spill_target_names_the_nearest_pool() {
        let text = POOLS.replace("vendors: [aws]\n", "vendors: [aws]\n    spill_to: csh\n");
        let e = load(&text).unwrap_err().to_string();
        assert!(
            e.starts_with("budget.yaml:6:15: pool \"aws\" spills to \"csh\", which is not a pool"),
            "{e}"
        );
        assert!(e.ends_with("did you mean `spill_to: cash`?"), "{e}");
    }

    #[test]
    fn amount_and_balance_together_and_expiry_before_start_are_errors() {
        let both = POOLS.replace("amount: 300\n", "amount: 300\n    balance: 5000\n");
        let e = load(&both).unwrap_err().to_string();
        assert!(
            e.starts_with("budget.yaml:5:14: pool \"aws\" has both"),
            "{e}"
        );
        let dates = format!(
            "as_of: 2026-12-01\n{}",
            POOLS.replace(
                "amount: 300\n",
                "balance: 5000\n    starts: 2027-01-01\n    expires: 2026-06-30\n"
            )
        );
        let e = load(&dates).unwrap_err().to_string();
        assert!(
            e.starts_with("budget.yaml:7:14: pool \"aws\" expires 2026-06-30, before it starts 2027-01-01; expected a day on or after 2027-01-01"),
            "{e}"
        );
        let negative = format!(
            "as_of: 2026-12-01\n{}",
            POOLS.replace("amount: 300\n", "balance: -5\n")
        );
        let e = load(&negative).unwrap_err().to_string();
        assert!(
            e.starts_with("budget.yaml:5:14: pool \"aws\" has balance -5; expected 0 or more"),
            "{e}"
        );
    }

    #[test]
    fn a_balance_needs_the_day_it_is_stated_at() {
        let text = POOLS.replace("amount: 300\n", "balance: 5000\n    starts: 2026-07-01\n");
        let e = load(&text).unwrap_err().to_string();
        assert!(
            e.starts_with(
                "budget.yaml:4:14: pool \"aws\" has a one-off balance, so the budget needs `as_of`"
            ),
            "{e}"
        );
        assert!(
            e.ends_with("did you mean `as_of: 2026-07-01` at the top of the file?"),
            "{e}"
        );
    }

    #[test]
    fn a_day_that_is_not_one_is_an_error_at_its_position() {
        let text = format!("as_of: 2026-12-01\n{POOLS}")
            .replace("amount: 300\n", "balance: 5000\n    expires: 2027-02-30\n");
        let e = load(&text).unwrap_err().to_string();
        assert_eq!(
            e,
            "budget.yaml:6:14: \"2027-02-30\" is not a day; expected YYYY-MM-DD, e.g. 2027-06-30"
        );
        let e = load(&format!("as_of: 1 Dec 2026\n{POOLS}"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("budget.yaml:1:8: \"1 Dec 2026\" is not a day"),
            "{e}"
        );
    }

    #[test]
    fn a_spill_target_must_pay_the_same_vendors() {
        let text = "total: 1000\npools:\n  - name: aws\n    amount: 300\n    vendors: [aws]\n    spill_to: azure\n  - name: azure\n    amount: 50\n    vendors: [azure]\n  - name: cash\n    amount: 100\n";
        let e = load(text).unwrap_err().to_string();
        assert!(
            e.starts_with("budget.yaml:6:15: pool \"aws\" pays aws and spills to \"azure\", which only pays azure"),
            "{e}"
        );
        assert!(e.ends_with("did you mean `spill_to: cash`?"), "{e}");
    }
}
