//! `archplan report`: the review rendered through a minijinja template
//! (templates/report/*.j2, embedded), with the words of the chosen language
//! (templates/report/<lang>.yaml, the message catalog: every word of the
//! report, with plural forms). Figures arrive computed in the review value;
//! the filters here only write them, in the language's formats
//! (render::locale).

use crate::analysis::review::Review;
use crate::assets;
use crate::error::{Error, Result};
use crate::money::Money;
use crate::render::locale::Locale;
use minijinja::value::{Rest, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use rust_decimal::Decimal;
use std::str::FromStr;
use std::sync::Arc;

/// The SVG charts the HTML report embeds.
pub struct Charts {
    pub cost: String,
    pub utilisation: String,
}

fn bad(msg: String) -> minijinja::Error {
    minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, msg)
}

/// A number from the review (decimals arrive as strings, counts as integers).
fn decimal(v: &Value) -> Result<Option<Decimal>, minijinja::Error> {
    if v.is_undefined() || v.is_none() {
        return Ok(None);
    }
    let text = match v.as_str() {
        Some(s) => s.to_string(),
        None => v.to_string(),
    };
    Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .map(Some)
        .map_err(|_| bad(format!("expected a number, got {text:?}")))
}

fn money(v: &Value) -> Result<Option<Money>, minijinja::Error> {
    Ok(decimal(v)?.map(Money))
}

fn ends(v: &Value) -> Result<(Money, Money), minijinja::Error> {
    let low = money(&v.get_attr("low")?)?.ok_or_else(|| bad("a range without low".into()))?;
    let high = money(&v.get_attr("high")?)?.ok_or_else(|| bad("a range without high".into()))?;
    Ok((low, high))
}

/// Text of a value given to a filter (strings without quotes).
fn text(v: &Value) -> String {
    match v.as_str() {
        Some(s) => s.to_string(),
        None => v.to_string(),
    }
}

/// `{0}`, `{1}`… of a catalog message replaced by the figures.
fn fill_in(template: &str, args: &[String]) -> String {
    let mut out = template.to_string();
    for (i, a) in args.iter().enumerate() {
        out = out.replace(&format!("{{{i}}}"), a);
    }
    out
}

/// A catalog sentence for HTML: escaped, with its Markdown `**strong**`
/// spans (the catalog is shared with the Markdown report) turned into `<b>`.
fn emphasis(text: String) -> Value {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let mut out = String::with_capacity(escaped.len());
    let mut parts = escaped.split("**");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    let rest: Vec<&str> = parts.collect();
    // Pairs of markers enclose strong text; a lone marker stays as written.
    for (i, part) in rest.iter().enumerate() {
        let opening = i % 2 == 0;
        if opening && i + 1 == rest.len() {
            out.push_str("**");
        } else if opening {
            out.push_str("<b>");
        } else {
            out.push_str("</b>");
        }
        out.push_str(part);
    }
    Value::from_safe_string(out)
}

/// The filters of one language: every figure of a report is written by
/// `locale`, every word comes from `words` (the language's catalog).
struct Writer {
    locale: Locale,
    words: serde_json::Value,
}

impl Writer {
    fn or_dash(
        &self,
        v: &Value,
        f: impl Fn(Decimal) -> String,
    ) -> Result<String, minijinja::Error> {
        Ok(decimal(v)?.map_or_else(|| "—".to_string(), f))
    }

    /// `$149.00–$176.00`, or one amount when both ends round alike.
    fn span(&self, v: &Value) -> Result<String, minijinja::Error> {
        let (low, high) = ends(v)?;
        let l = self.locale;
        Ok(if low.rounded() == high.rounded() {
            l.money(low)
        } else {
            format!("{}–{}", l.money(low), l.money(high))
        })
    }

    /// `+$25.66`, or `+$2.25–$4.50` for a range of increases.
    fn span_signed(&self, v: &Value) -> Result<String, minijinja::Error> {
        // A change can be larger at the low estimate than at the high one
        // (a saving that grows with usage): the span reads from the smaller
        // to the larger, and a span of savings shows its sign once.
        let (a, b) = ends(v)?;
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        let l = self.locale;
        Ok(if low.rounded() == high.rounded() {
            l.money_signed(low)
        } else if !low.is_negative() || high.amount().is_zero() {
            format!("{}–{}", l.money_signed(low), l.money(high))
        } else if !high.is_negative() {
            format!("{}–{}", l.money_signed(low), l.money_signed(high))
        } else {
            format!("{}–{}", l.money_signed(high), l.money(Money(-low.amount())))
        })
    }

    /// A message of the catalog by its dotted path, in the plural form that
    /// `count` takes, with its figures filled in.
    fn message(
        &self,
        path: &str,
        count: Option<Decimal>,
        args: &[String],
    ) -> Result<String, minijinja::Error> {
        let entry = path
            .split('.')
            .try_fold(&self.words, |v, key| v.get(key))
            .ok_or_else(|| {
                bad(format!(
                    "no message \"{path}\" in the {} catalog",
                    self.locale.code()
                ))
            })?;
        let form = match (entry, count) {
            (serde_json::Value::Object(forms), Some(n)) => forms
                .get(self.locale.plural(n))
                .or_else(|| forms.get("other")),
            (serde_json::Value::Object(forms), None) => forms.get("other"),
            (v, _) => Some(v),
        };
        let form = form
            .and_then(|v| v.as_str())
            .ok_or_else(|| bad(format!("message \"{path}\" has no text")))?;
        Ok(fill_in(form, args))
    }

    /// A catalog entry in the form a count takes (`one`, `other`…); plain
    /// strings have one form for every count.
    fn plural(&self, entry: &Value, n: &Value) -> Result<Value, minijinja::Error> {
        if entry.kind() != minijinja::value::ValueKind::Map {
            return Ok(entry.clone());
        }
        let n = decimal(n)?.unwrap_or_default();
        let form = entry.get_attr(self.locale.plural(n))?;
        Ok(if form.is_undefined() {
            entry.get_attr("other")?
        } else {
            form
        })
    }

    /// A component size (engine::size): `db.t4g.medium Multi-AZ +1 replica 100 GB`.
    fn size(&self, v: &Value) -> Result<String, minijinja::Error> {
        let mut out = Vec::new();
        for part in v.try_iter()? {
            let n = |key: &str| -> Result<String, minijinja::Error> {
                Ok(self
                    .locale
                    .number(decimal(&part.get_attr(key)?)?.unwrap_or_default()))
            };
            let count = |key: &str| -> Result<Option<Decimal>, minijinja::Error> {
                decimal(&part.get_attr(key)?)
            };
            let kind = text(&part.get_attr("part")?);
            out.push(match kind.as_str() {
                "name" => text(&part.get_attr("name")?),
                "multi_az" if part.get_attr("multi")?.is_true() => {
                    self.message("size.multi_az", None, &[])?
                }
                "multi_az" => self.message("size.single_az", None, &[])?,
                "tasks" => self.message(
                    "size.tasks",
                    None,
                    &[n("tasks")?, n("vcpu")?, n("memory_gb")?],
                )?,
                "storage_gb" => self.message("size.storage_gb", count("gb")?, &[n("gb")?])?,
                other => self.message(&format!("size.{other}"), count("n")?, &[n("n")?])?,
            });
        }
        Ok(out.join(" "))
    }

    /// Bytes in the largest decimal unit that keeps a figure before the
    /// point: `471.8 MB`.
    fn bytes(&self, b: Decimal) -> Result<String, minijinja::Error> {
        let (div, unit) = [
            (Decimal::from(1_000_000_000), "gb"),
            (Decimal::from(1_000_000), "mb"),
            (Decimal::from(1_000), "kb"),
        ]
        .into_iter()
        .find(|(div, _)| b >= *div)
        .unwrap_or((Decimal::ONE, "b"));
        let v = self.locale.number((b / div).round_dp(1).normalize());
        self.message(&format!("units.{unit}"), None, &[v])
    }

    /// An amount of a formula, with the digits it was given, in a unit of
    /// the catalog (`units.<unit>`).
    fn amount(&self, value: Decimal, unit: &str) -> Result<String, minijinja::Error> {
        match unit {
            "bytes" => self.bytes(value),
            _ => self.message(
                &format!("units.{unit}"),
                Some(value),
                &[self.locale.number(value)],
            ),
        }
    }

    /// A capacity or demand of a limit, in its measure, to two decimals.
    fn measure(&self, v: &Value, measure: &Value) -> Result<String, minijinja::Error> {
        let Some(d) = decimal(v)? else {
            return Ok("—".to_string());
        };
        let unit = match text(measure).as_str() {
            "bytes" => return self.bytes(d),
            "gigabytes" => "gb",
            "tokens-per-second" => "tokens_per_second",
            _ => return Ok(self.locale.quantity(d)),
        };
        self.message(
            &format!("units.{unit}"),
            Some(d),
            &[self.locale.quantity(d)],
        )
    }

    /// How a figure is computed (engine::formula), term by term.
    fn formula(&self, v: &Value) -> Result<String, minijinja::Error> {
        let mut out = String::new();
        for term in v.try_iter()? {
            let value = || -> Result<Decimal, minijinja::Error> {
                Ok(decimal(&term.get_attr("value")?)?.unwrap_or_default())
            };
            let piece = match text(&term.get_attr("term")?).as_str() {
                "figure" => {
                    let unit = term.get_attr("unit")?;
                    let shown = if unit.is_undefined() || unit.is_none() {
                        self.locale.number(value()?)
                    } else {
                        self.amount(value()?, &text(&unit))?
                    };
                    format!("{} {shown}", text(&term.get_attr("name")?))
                }
                "number" => self.locale.number(value()?),
                "amount" => self.amount(value()?, &text(&term.get_attr("unit")?))?,
                "word" => {
                    let id = text(&term.get_attr("id")?);
                    let count = decimal(&term.get_attr("count")?)?;
                    let n = count.map(|c| self.locale.number(c)).unwrap_or_default();
                    self.message(&format!("basis.{id}"), count, &[n])?
                }
                "name" => text(&term.get_attr("name")?),
                "text" => {
                    let t = term.get_attr("text")?;
                    match t.kind() {
                        // A text per language; English when this one is missing.
                        minijinja::value::ValueKind::Map => {
                            let own = t.get_attr(self.locale.code())?;
                            text(&if own.is_undefined() {
                                t.get_attr("en")?
                            } else {
                                own
                            })
                        }
                        _ => text(&t),
                    }
                }
                _ => match text(&term.get_attr("op")?).as_str() {
                    "sep" => self.message("basis.sep", None, &[])?,
                    op => op.to_string(),
                },
            };
            // One space between terms, none inside brackets or before a comma.
            let tight = out.is_empty()
                || out.ends_with('(')
                || piece.starts_with(')')
                || piece.starts_with(',');
            if !tight {
                out.push(' ');
            }
            out.push_str(&piece);
        }
        Ok(out)
    }
}

fn environment(locale: Locale, words: serde_json::Value) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    env.set_auto_escape_callback(|name| {
        if name.contains(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    for (name, source) in assets::REPORT_TEMPLATES {
        // The templates are part of the binary; a syntax error is caught by the tests.
        let _ = env.add_template(name, source);
    }
    let w = Arc::new(Writer { locale, words });
    let l = locale;
    let x = w.clone();
    env.add_filter("usd", move |v: Value| x.or_dash(&v, |d| l.money(Money(d))));
    let x = w.clone();
    env.add_filter("usd0", move |v: Value| {
        x.or_dash(&v, |d| l.money_whole(Money(d)))
    });
    let x = w.clone();
    env.add_filter("signed", move |v: Value| {
        x.or_dash(&v, |d| l.money_signed(Money(d)))
    });
    let x = w.clone();
    env.add_filter("span", move |v: Value| x.span(&v));
    let x = w.clone();
    env.add_filter("span_signed", move |v: Value| x.span_signed(&v));
    let x = w.clone();
    env.add_filter("num", move |v: Value| x.or_dash(&v, |d| l.quantity(d)));
    let x = w.clone();
    env.add_filter("pct", move |v: Value| x.or_dash(&v, |d| l.percent(d)));
    let x = w.clone();
    env.add_filter("plural", move |entry: Value, n: Value| x.plural(&entry, &n));
    let x = w.clone();
    env.add_filter("size", move |v: Value| x.size(&v));
    let x = w.clone();
    env.add_filter("measure", move |v: Value, m: Value| x.measure(&v, &m));
    let x = w.clone();
    env.add_filter("formula", move |v: Value| x.formula(&v));
    env.add_filter("fill", fill);
    env.add_filter("emphasis", emphasis);
    env
}

/// The words of a language.
pub fn catalog(lang: &str) -> Result<serde_json::Value> {
    let text = assets::REPORT_LANGUAGES
        .iter()
        .find(|(code, _)| *code == lang)
        .map(|(_, text)| *text)
        .ok_or_else(|| Error::input(format!("no report language \"{lang}\"")))?;
    serde_saphyr::from_str(text)
        .map_err(|e| Error::runtime(format!("templates/report/{lang}.yaml: {e}")))
}

/// `"{0} of {1}"|fill(a, b)`: the catalog's sentence with its figures.
fn fill(template: String, args: Rest<Value>) -> String {
    let args: Vec<String> = args.iter().map(text).collect();
    fill_in(&template, &args)
}

fn render(template: &str, r: &Review, charts: Option<&Charts>) -> Result<String> {
    let t = catalog(&r.lang)?;
    let env = environment(Locale::from_code(&r.lang)?, t.clone());
    let tpl = env
        .get_template(template)
        .map_err(|e| Error::runtime(format!("template {template}: {e}")))?;
    let ctx = minijinja::context! {
        r => Value::from_serialize(r),
        t => Value::from_serialize(&t),
        charts => charts.map(|c| minijinja::context! { cost => c.cost.clone(), utilisation => c.utilisation.clone() }),
    };
    tpl.render(ctx)
        .map_err(|e| Error::runtime(format!("template {template}: {e:#}")))
}

pub fn markdown(r: &Review) -> Result<String> {
    render("report.md.j2", r, None)
}

pub fn html(r: &Review, charts: &Charts) -> Result<String> {
    render("report.html.j2", r, Some(charts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

    /// `{0}`, `{1}`… of a message.
    fn placeholders(text: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut rest = text;
        while let Some(i) = rest.find('{') {
            rest = &rest[i + 1..];
            if let Some(j) = rest.find('}') {
                if rest[..j].chars().all(|c| c.is_ascii_digit()) && j > 0 {
                    out.insert(rest[..j].to_string());
                }
                rest = &rest[j..];
            }
        }
        out
    }

    /// Every message of a catalog by its dotted key, with its placeholders;
    /// a map of plural categories is one message (whose forms must all exist
    /// for `one` and `other`).
    fn messages(v: &serde_json::Value, key: &str, out: &mut BTreeMap<String, BTreeSet<String>>) {
        match v {
            serde_json::Value::Object(map)
                if !map.is_empty() && map.keys().all(|k| CATEGORIES.contains(&k.as_str())) =>
            {
                for form in ["one", "other"] {
                    assert!(map.contains_key(form), "{key}: no \"{form}\" form");
                }
                let mut all = BTreeSet::new();
                for text in map.values() {
                    all.extend(placeholders(text.as_str().unwrap_or_default()));
                }
                out.insert(key.to_string(), all);
            }
            serde_json::Value::Object(map) => {
                for (k, child) in map {
                    let child_key = if key.is_empty() {
                        k.clone()
                    } else {
                        format!("{key}.{k}")
                    };
                    messages(child, &child_key, out);
                }
            }
            other => {
                out.insert(
                    key.to_string(),
                    placeholders(other.as_str().unwrap_or_default()),
                );
            }
        }
    }

    #[test]
    fn every_language_has_every_message_with_the_same_placeholders() {
        let mut en = BTreeMap::new();
        messages(&catalog("en").unwrap(), "", &mut en);
        assert!(en.len() > 150, "{}", en.len());
        for (lang, _) in assets::REPORT_LANGUAGES {
            let mut other = BTreeMap::new();
            messages(&catalog(lang).unwrap(), "", &mut other);
            let (a, b): (BTreeSet<_>, BTreeSet<_>) = (en.keys().collect(), other.keys().collect());
            assert_eq!(a, b, "{lang}: keys");
            for (key, marks) in &en {
                assert_eq!(marks, &other[key], "{lang}: placeholders of {key}");
            }
        }
    }

    #[test]
    fn every_template_compiles() {
        let env = environment(Locale::En, catalog("en").unwrap());
        for (name, source) in assets::REPORT_TEMPLATES {
            let mut e = Environment::new();
            e.add_template(name, source)
                .unwrap_or_else(|err| panic!("{name}: {err:#}"));
            assert!(env.get_template(name).is_ok(), "{name}");
        }
    }

    fn write(lang: &str, template: &str, x: Value) -> String {
        let locale = Locale::from_code(lang).unwrap();
        let t = catalog(lang).unwrap();
        environment(locale, t.clone())
            .render_str(
                template,
                minijinja::context! { x => x, t => Value::from_serialize(&t) },
            )
            .unwrap()
    }

    #[test]
    fn filters_write_figures_in_the_language() {
        let both =
            |template: &str, x: Value| (write("en", template, x.clone()), write("fr", template, x));
        assert_eq!(
            both("{{ x|usd }}", Value::from("1300")),
            ("$1,300.00".into(), "1\u{202F}300,00\u{A0}$".into())
        );
        assert_eq!(
            both("{{ x|usd0 }}", Value::from("1299.5")),
            ("$1,300".into(), "1\u{202F}300\u{A0}$".into())
        );
        assert_eq!(
            both("{{ x|num }}", Value::from(117950)),
            ("117,950".into(), "117\u{202F}950".into())
        );
        assert_eq!(
            both("{{ x|num }}", Value::from(())),
            ("—".into(), "—".into())
        );
        assert_eq!(
            both("{{ x|pct }}", Value::from("20.83")),
            ("20.8%".into(), "20,8\u{A0}%".into())
        );
        let r = Value::from_serialize(crate::engine::Range {
            low: Money(Decimal::from(2)),
            expected: Money(Decimal::from(3)),
            high: Money(Decimal::from(4)),
        });
        assert_eq!(
            both("{{ x|span }} {{ x|span_signed }}", r),
            (
                "$2.00–$4.00 +$2.00–$4.00".into(),
                "2,00\u{A0}$–4,00\u{A0}$ +2,00\u{A0}$–4,00\u{A0}$".into()
            )
        );
        assert_eq!(
            both("{{ \"{0} of {1}\"|fill(x, 2) }}", Value::from("a")),
            ("a of 2".into(), "a of 2".into())
        );
    }

    #[test]
    fn plural_forms_follow_the_count() {
        let risks = "{{ t.count.spof|plural(x)|fill(x) }}";
        assert_eq!(
            write("en", risks, Value::from(1)),
            "1 single point of failure"
        );
        assert_eq!(
            write("en", risks, Value::from(2)),
            "2 single points of failure"
        );
        assert_eq!(
            write("fr", risks, Value::from(1)),
            "1 point de défaillance unique"
        );
        assert_eq!(
            write("fr", risks, Value::from(0)),
            "0 point de défaillance unique"
        );
        assert_eq!(
            write("fr", risks, Value::from(2)),
            "2 points de défaillance uniques"
        );
    }

    #[test]
    fn sizes_measures_and_formulas_are_written_in_the_language() {
        use crate::engine::formula::{Formula, FormulaUnit};
        use crate::engine::size::{Size, SizePart};
        let size = Value::from_serialize(Size(vec![
            SizePart::Name {
                name: "db.t4g.medium".into(),
            },
            SizePart::MultiAz { multi: true },
            SizePart::Replicas { n: 2 },
            SizePart::StorageGb { gb: 100 },
        ]));
        assert_eq!(
            (
                write("en", "{{ x|size }}", size.clone()),
                write("fr", "{{ x|size }}", size)
            ),
            (
                "db.t4g.medium Multi-AZ +2 replicas 100 GB".into(),
                "db.t4g.medium Multi-AZ +2 réplicas 100 Go".into()
            )
        );
        let m = "{{ x|measure(\"bytes\") }}";
        assert_eq!(write("en", m, Value::from("471800000")), "471.8 MB");
        assert_eq!(write("fr", m, Value::from("471800000")), "471,8 Mo");
        let f = Value::from_serialize(
            Formula::new()
                .op("LEAST(")
                .figure("DBInstanceClassMemory", Decimal::from(1_887_215_616))
                .op("sep")
                .number(Decimal::from(5000))
                .op(")")
                .op("×")
                .counted(Decimal::from(2), "servers")
                .op("=")
                .amount(Decimal::new(45, 1), FormulaUnit::Gb)
                .per_user(),
        );
        assert_eq!(
            write("en", "{{ x|formula }}", f.clone()),
            "LEAST(DBInstanceClassMemory 1,887,215,616, 5,000) × 2 servers = 4.5 GB per user"
        );
        assert_eq!(
            write("fr", "{{ x|formula }}", f),
            "LEAST(DBInstanceClassMemory 1\u{202F}887\u{202F}215\u{202F}616 ; 5\u{202F}000) × 2 serveurs = 4,5 Go par utilisateur"
        );
    }

    #[test]
    fn emphasis_turns_markdown_strong_into_html() {
        let html = |s: &str| emphasis(s.to_string()).to_string();
        assert_eq!(html("Lock-in: **medium**"), "Lock-in: <b>medium</b>");
        assert_eq!(html("a **b** c **d**"), "a <b>b</b> c <b>d</b>");
        assert_eq!(html("<x> & **y**"), "&lt;x&gt; &amp; <b>y</b>");
        assert_eq!(html("a ** b"), "a ** b");
        assert_eq!(html("plain"), "plain");
    }
}
