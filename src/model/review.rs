//! The prose of an architecture review, kept as profile data: texts in one or
//! several languages, risks with the change that mitigates them (priced by the
//! engine), lock-in and operations notes, and recommendations.

use super::locate::YamlPath;
use super::profile::{Component, Profile};
use super::Document;
use crate::error::{closest, Result};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Languages reports are written in; a text may give any of them, English first.
pub const LANGUAGES: [&str; 2] = ["en", "fr"];

/// A text: a plain string (any language), or one string per language
/// (`{en: "…", fr: "…"}`); a language a text lacks falls back to English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Localized(BTreeMap<String, String>),
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text: a string, or one string per language like {en: \"…\", fr: \"…\"} (quote texts that contain commas)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Text, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    out.insert(k, v);
                }
                Ok(Text::Localized(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::Plain(String::new())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::Plain(s.to_string())
    }
}

impl Text {
    /// The text in `lang`, else in English, else in any language it has.
    pub fn get(&self, lang: &str) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Localized(m) => m
                .get(lang)
                .or_else(|| m.get("en"))
                .or_else(|| m.values().next())
                .map_or("", String::as_str),
        }
    }

    pub fn en(&self) -> &str {
        self.get("en")
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.en())
    }
}

/// What goes wrong if a risk materialises: the service stops, or it is exposed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RiskCategory {
    /// A single point of failure.
    #[default]
    Availability,
    /// An exposure to attack.
    Security,
}

/// A single point of failure or a security exposure of one component.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// Short name used by recommendations (`upgrades: [rds-single-az]`).
    pub id: String,
    /// The component (by name) the risk is about; tiers without it do not have the risk.
    pub component: String,
    #[serde(default)]
    pub category: RiskCategory,
    /// Component field values for which the risk exists (`multi_az: false`):
    /// a tier whose component differs does not have it. A field the component
    /// leaves out matches only `false`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub when: BTreeMap<String, serde_json::Value>,
    pub title: Text,
    pub risk: Text,
    pub impact: Text,
    #[serde(default)]
    pub mitigations: Vec<Text>,
    /// The change that removes the risk; archplan prices the tier with and without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upgrade: Option<Upgrade>,
}

/// A change to a tier: fields to set on the risk's component, components to add.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Upgrade {
    pub title: Text,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub set: BTreeMap<String, serde_json::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add: Vec<Component>,
}

/// A concern without a price: vendor lock-in, operational complexity.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Concern {
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<Text>,
    pub impact: Text,
    #[serde(default)]
    pub mitigations: Vec<Text>,
}

/// A titled list of points (an advantage and what backs it).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: Text,
    #[serde(default)]
    pub points: Vec<Text>,
}

/// What makes a usage-driven cost move, and how to keep it down.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VariableCost {
    /// The component (by name) whose usage lines this is about.
    pub component: String,
    pub risk: Text,
    #[serde(default)]
    pub mitigations: Vec<Text>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recommendations {
    /// 1–3 months.
    #[serde(default)]
    pub short_term: Vec<Recommendation>,
    /// 3–6 months.
    #[serde(default)]
    pub medium_term: Vec<Recommendation>,
    /// 6–12 months.
    #[serde(default)]
    pub long_term: Vec<Recommendation>,
}

impl Recommendations {
    pub fn is_empty(&self) -> bool {
        self.short_term.is_empty() && self.medium_term.is_empty() && self.long_term.is_empty()
    }

    pub fn horizons(&self) -> [(&'static str, &[Recommendation]); 3] {
        [
            ("short_term", &self.short_term),
            ("medium_term", &self.medium_term),
            ("long_term", &self.long_term),
        ]
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    pub title: Text,
    /// When it applies ("if uptime is critical").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Text>,
    #[serde(default)]
    pub points: Vec<Text>,
    /// Risks (by id) whose upgrades this recommendation makes; priced together.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub upgrades: Vec<String>,
    /// Components it adds to the tier, priced with it (a monitoring plan,
    /// CloudFront, a bastion host); one the tier already has is not added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add: Vec<Component>,
    /// Fields it sets on components of the tier, by component name
    /// (`videos: {behind_cdn: true}`); a component the tier lacks is skipped.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub set: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    /// Workload drivers it changes, at every estimate (`cache_hit_rate: 0.9`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, f64>")]
    pub drivers: BTreeMap<String, rust_decimal::Decimal>,
    /// Why it carries no price, when the catalog cannot give one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unpriced: Option<Text>,
}

impl Risk {
    /// Whether the risk exists for this component.
    pub fn applies_to(&self, c: &Component) -> bool {
        if c.name != self.component {
            return false;
        }
        let value = serde_json::to_value(c).unwrap_or_default();
        self.when
            .iter()
            .all(|(field, want)| match value.get(field) {
                Some(have) => values_equal(have, want),
                None => want == &serde_json::Value::Bool(false),
            })
    }
}

/// YAML numbers arrive as integers or floats; 1 and 1.0 are the same size.
fn values_equal(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// `component` with the upgrade's fields set: the component the upgrade makes.
pub fn patched(
    c: &Component,
    set: &BTreeMap<String, serde_json::Value>,
) -> std::result::Result<Component, String> {
    let mut value = serde_json::to_value(c).map_err(|e| e.to_string())?;
    if let Some(map) = value.as_object_mut() {
        for (k, v) in set {
            map.insert(k.clone(), v.clone());
        }
    }
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// Checks the review data of a profile: unique risk ids, components that
/// exist, upgrades that make valid components, recommendations that name
/// known risks, localized texts with an English version.
pub fn validate(doc: &Document<Profile>) -> Result<()> {
    let p = &doc.value;
    let q = &p.qualities;
    let base = YamlPath::root().key("qualities");
    let components: HashSet<&str> = p
        .tiers
        .iter()
        .flat_map(|t| t.components.iter().map(|c| c.name.as_str()))
        .collect();
    let mut ids = HashSet::new();
    for (i, r) in q.risks.iter().enumerate() {
        let path = base.key("risks").index(i);
        if !ids.insert(r.id.as_str()) {
            return Err(doc.error_at(
                &path.key("id"),
                format!("risk id \"{}\" is used twice", r.id),
            ));
        }
        if !components.contains(r.component.as_str()) {
            return Err(doc
                .error_at(
                    &path.key("component"),
                    format!(
                        "risk \"{}\" is about component \"{}\", which no tier has",
                        r.id, r.component
                    ),
                )
                .suggest(
                    closest(&r.component, components.iter().copied()).map(|s| format!("\"{s}\"")),
                ));
        }
        if let Some(up) = &r.upgrade {
            for (ti, tier) in p.tiers.iter().enumerate() {
                for c in tier.components.iter().filter(|c| r.applies_to(c)) {
                    let changed = patched(c, &up.set).map_err(|e| {
                        doc.error_at(
                            &path.key("upgrade").key("set"),
                            format!(
                                "the upgrade of risk \"{}\" makes an invalid component: {e}",
                                r.id
                            ),
                        )
                    })?;
                    // The tier with the upgrade made, checked as a tier of the
                    // profile (one tier is cloned, not the profile).
                    let mut trial = tier.clone();
                    if let Some(slot) = trial.components.iter_mut().find(|x| x.name == c.name) {
                        *slot = changed;
                    }
                    trial.components.extend(up.add.iter().cloned());
                    super::validate::tier(doc, ti, &trial).map_err(|e| {
                        doc.error_at(
                            &path.key("upgrade"),
                            format!(
                                "the upgrade of risk \"{}\" does not fit the {}-user tier: {}",
                                r.id, tier.users, e.message
                            ),
                        )
                    })?;
                }
            }
        }
        for (name, text) in [
            ("title", &r.title),
            ("risk", &r.risk),
            ("impact", &r.impact),
        ] {
            localized(doc, &path.key(name), text)?;
        }
    }
    for (horizon, items) in q.recommendations.horizons() {
        for (i, item) in items.iter().enumerate() {
            for name in item.set.keys() {
                if !components.contains(name.as_str()) {
                    return Err(doc
                        .error_at(
                            &base.key("recommendations").key(horizon).index(i).key("set").key(name),
                            format!("recommendation sets fields of component \"{name}\", which no tier has"),
                        )
                        .suggest(closest(name, components.iter().copied()).map(|s| format!("\"{s}\""))));
                }
            }
            for (j, id) in item.upgrades.iter().enumerate() {
                if !ids.contains(id.as_str()) {
                    return Err(doc
                        .error_at(
                            &base.key("recommendations").key(horizon).index(i).key("upgrades").index(j),
                            format!("recommendation names risk \"{id}\", which qualities.risks does not define"),
                        )
                        .suggest(closest(id, ids.iter().copied()).map(|s| format!("\"{s}\""))));
                }
            }
        }
    }
    for (i, v) in q.variable_costs.iter().enumerate() {
        if !components.contains(v.component.as_str()) {
            return Err(doc
                .error_at(
                    &base.key("variable_costs").index(i).key("component"),
                    format!(
                        "variable cost note about component \"{}\", which no tier has",
                        v.component
                    ),
                )
                .suggest(
                    closest(&v.component, components.iter().copied()).map(|s| format!("\"{s}\"")),
                ));
        }
    }
    Ok(())
}

fn localized(doc: &Document<Profile>, path: &YamlPath, text: &Text) -> Result<()> {
    if let Text::Localized(m) = text {
        if !m.contains_key("en") {
            return Err(doc.error_at(path, "a text given per language needs an `en` version"));
        }
        if let Some(lang) = m.keys().find(|k| !LANGUAGES.contains(&k.as_str())) {
            return Err(doc
                .error_at(
                    path,
                    format!(
                        "unknown language \"{lang}\"; expected one of {}",
                        LANGUAGES.join(", ")
                    ),
                )
                .suggest(closest(lang, LANGUAGES).map(|s| format!("\"{s}\""))));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_falls_back_to_english() {
        let t: Text = serde_saphyr::from_str("{en: Single-AZ, fr: Mono-AZ}").unwrap();
        assert_eq!(t.get("fr"), "Mono-AZ");
        assert_eq!(t.get("de"), "Single-AZ");
        let plain: Text = serde_saphyr::from_str("\"just one\"").unwrap();
        assert_eq!(plain.get("fr"), "just one");
    }

    #[test]
    fn a_malformed_text_says_what_a_text_is() {
        let e = serde_saphyr::from_str::<Text>("[a, b]")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("a text: a string, or one string per language"),
            "{e}"
        );
    }
}

#[cfg(test)]
mod validation_tests {
    use crate::workspace::{Sources, Workspace};

    fn load_with(current: &str) -> crate::error::Error {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("current.yaml"), current).unwrap();
        // Review data is checked when the profile is loaded, for every command.
        match Workspace::load(&Sources {
            profiles_dir: Some(dir.path().to_path_buf()),
            ..Sources::default()
        }) {
            Ok(_) => panic!("an invalid review is refused at load"),
            Err(e) => e,
        }
    }

    const CURRENT: &str = include_str!("../../profiles/current.yaml");

    #[test]
    fn a_risk_about_an_unknown_component_points_at_it() {
        let text = CURRENT.replacen("      component: cache\n", "      component: cach\n", 1);
        let line = text
            .lines()
            .position(|l| l == "      component: cach")
            .unwrap()
            + 1;
        let e = load_with(&text);
        assert!(
            e.to_string()
                .contains("component \"cach\", which no tier has"),
            "{e}"
        );
        assert_eq!(e.suggestion.as_deref(), Some("\"cache\""));
        assert_eq!(e.location.unwrap().line, line);
    }

    #[test]
    fn an_upgrade_that_sets_a_field_the_kind_lacks_is_refused() {
        let text = CURRENT.replacen(
            "        set: {nodes: 2}\n",
            "        set: {multi_az: true}\n",
            1,
        );
        let e = load_with(&text);
        assert!(
            e.to_string()
                .contains("the upgrade of risk \"redis-single-node\" makes an invalid component: unknown field `multi_az`"),
            "{e}"
        );
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn a_recommendation_naming_an_unknown_risk_is_refused() {
        let text = CURRENT.replacen("upgrades: [rds-public]", "upgrades: [rds-publik]", 1);
        let e = load_with(&text);
        assert!(e.to_string().contains("names risk \"rds-publik\""), "{e}");
        assert_eq!(e.suggestion.as_deref(), Some("\"rds-public\""));
    }
}
