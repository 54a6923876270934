//! `archplan report`: the review rendered through a minijinja template
//! (templates/report/*.j2, embedded), with the words of the chosen language
//! (templates/report/<lang>.yaml). Figures arrive computed in the review
//! value; the filters here only format them.

use crate::analysis::review::Review;
use crate::assets;
use crate::error::{Error, Result};
use crate::money::Money;
use minijinja::value::{Rest, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use rust_decimal::Decimal;
use std::str::FromStr;

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

fn usd(v: Value) -> Result<String, minijinja::Error> {
    Ok(money(&v)?.map_or_else(|| "—".to_string(), Money::display))
}

fn usd0(v: Value) -> Result<String, minijinja::Error> {
    Ok(money(&v)?.map_or_else(|| "—".to_string(), Money::display_whole))
}

fn signed(v: Value) -> Result<String, minijinja::Error> {
    Ok(money(&v)?.map_or_else(|| "—".to_string(), Money::display_signed))
}

fn ends(v: &Value) -> Result<(Money, Money), minijinja::Error> {
    let low = money(&v.get_attr("low")?)?.ok_or_else(|| bad("a range without low".into()))?;
    let high = money(&v.get_attr("high")?)?.ok_or_else(|| bad("a range without high".into()))?;
    Ok((low, high))
}

/// `$149.00–$176.00`, or one amount when both ends round alike.
fn span(v: Value) -> Result<String, minijinja::Error> {
    let (low, high) = ends(&v)?;
    Ok(if low.rounded() == high.rounded() {
        low.display()
    } else {
        format!("{}–{}", low.display(), high.display())
    })
}

/// `+$25.66`, or `+$2.25–$4.50` for a range of increases.
fn span_signed(v: Value) -> Result<String, minijinja::Error> {
    let (low, high) = ends(&v)?;
    Ok(if low.rounded() == high.rounded() {
        low.display_signed()
    } else if !low.is_negative() {
        format!("{}–{}", low.display_signed(), high.display())
    } else {
        format!("{}–{}", low.display_signed(), high.display_signed())
    })
}

/// Grouped number: `117,950`, `0.2`; `—` for none.
fn num(v: Value) -> Result<String, minijinja::Error> {
    Ok(decimal(&v)?.map_or_else(
        || "—".to_string(),
        |d| crate::render::quantity(d.normalize()),
    ))
}

fn pct(v: Value) -> Result<String, minijinja::Error> {
    Ok(decimal(&v)?.map_or_else(
        || "—".to_string(),
        |d| format!("{}%", crate::render::quantity(d.round_dp(1).normalize())),
    ))
}

/// `"{0} of {1}"|fill(a, b)`: the catalog's sentence with its figures.
fn fill(template: String, args: Rest<Value>) -> String {
    let mut out = template;
    for (i, a) in args.iter().enumerate() {
        let text = match a.as_str() {
            Some(s) => s.to_string(),
            None => a.to_string(),
        };
        out = out.replace(&format!("{{{i}}}"), &text);
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

fn environment() -> Environment<'static> {
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
    env.add_filter("usd", usd);
    env.add_filter("usd0", usd0);
    env.add_filter("signed", signed);
    env.add_filter("span", span);
    env.add_filter("span_signed", span_signed);
    env.add_filter("num", num);
    env.add_filter("pct", pct);
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
    serde_yaml::from_str(text)
        .map_err(|e| Error::runtime(format!("templates/report/{lang}.yaml: {e}")))
}

fn render(template: &str, r: &Review, charts: Option<&Charts>) -> Result<String> {
    let env = environment();
    let tpl = env
        .get_template(template)
        .map_err(|e| Error::runtime(format!("template {template}: {e}")))?;
    let t = catalog(&r.lang)?;
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

    fn keys(v: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
        if let Some(map) = v.as_object() {
            for (k, child) in map {
                keys(child, &format!("{prefix}{k}."), out);
            }
        } else {
            out.push(prefix.trim_end_matches('.').to_string());
        }
    }

    #[test]
    fn every_language_has_every_word() {
        let mut en = Vec::new();
        keys(&catalog("en").unwrap(), "", &mut en);
        for (lang, _) in assets::REPORT_LANGUAGES {
            let mut other = Vec::new();
            keys(&catalog(lang).unwrap(), "", &mut other);
            en.sort();
            other.sort();
            assert_eq!(en, other, "{lang}");
        }
    }

    #[test]
    fn every_template_compiles() {
        let env = environment();
        for (name, source) in assets::REPORT_TEMPLATES {
            let mut e = Environment::new();
            e.add_template(name, source)
                .unwrap_or_else(|err| panic!("{name}: {err:#}"));
            assert!(env.get_template(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn filters_format_figures() {
        assert_eq!(usd(Value::from("1300")).unwrap(), "$1,300.00");
        assert_eq!(usd0(Value::from("1299.5")).unwrap(), "$1,300");
        assert_eq!(num(Value::from(117950)).unwrap(), "117,950");
        assert_eq!(num(Value::from(())).unwrap(), "—");
        assert_eq!(pct(Value::from("20.83")).unwrap(), "20.8%");
        assert_eq!(
            fill(
                "{0} of {1}".into(),
                Rest(vec![Value::from("a"), Value::from(2)])
            ),
            "a of 2"
        );
        let r = Value::from_serialize(crate::engine::Range {
            low: Money(Decimal::from(2)),
            expected: Money(Decimal::from(3)),
            high: Money(Decimal::from(4)),
        });
        assert_eq!(span(r.clone()).unwrap(), "$2.00–$4.00");
        assert_eq!(span_signed(r).unwrap(), "+$2.00–$4.00");
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
