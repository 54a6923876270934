//! The Terraform functions evaluated offline. A call to any other function
//! fails evaluation, and the value that uses it is then unknown, not guessed.

use hcl::eval::{Context, Func, FuncArgs, FuncDef, ParamType};
use hcl::{Map, Number, Value};

mod cidr;
mod collections;
mod format;
mod numbers;
mod text;

use collections::*;
use numbers::*;
use text::*;

type Outcome = Result<Value, String>;

/// Declares every function of [`TABLE`] in `ctx`.
pub(super) fn declare(ctx: &mut Context) {
    for (name, func) in TABLE {
        // Each function checks its own arguments: Terraform converts between
        // strings and numbers where hcl's parameter types would refuse.
        let def = FuncDef::builder()
            .variadic_param(ParamType::Any)
            .build(*func);
        ctx.declare_func(*name, def);
    }
}

const TABLE: &[(&str, Func)] = &[
    ("abs", abs),
    ("can", can),
    ("ceil", ceil),
    ("cidrsubnet", cidr::cidrsubnet),
    ("coalesce", coalesce),
    ("compact", compact),
    ("concat", concat),
    ("contains", contains),
    ("distinct", distinct),
    ("element", element),
    ("endswith", endswith),
    ("flatten", flatten),
    ("floor", floor),
    ("format", format::format),
    ("join", join),
    ("jsonencode", jsonencode),
    ("keys", keys),
    ("length", length),
    ("lookup", lookup),
    ("lower", lower),
    ("max", max),
    ("merge", merge),
    ("min", min),
    ("range", range),
    ("replace", replace),
    ("sort", sort),
    ("split", split),
    ("startswith", startswith),
    ("substr", substr),
    ("sum", sum),
    ("tobool", tobool),
    ("tolist", tolist),
    ("tomap", tomap),
    ("tonumber", tonumber),
    ("toset", toset),
    ("tostring", tostring),
    ("trimspace", trimspace),
    ("try", first_argument),
    ("upper", upper),
    ("values", values),
    ("zipmap", zipmap),
];

/// `try` and `can` are settled before evaluation where their arguments can
/// be tried one by one ([`super::scope`]); these are what remains inside
/// for-expression bodies, where every argument has already evaluated.
fn first_argument(args: FuncArgs) -> Outcome {
    args.first()
        .cloned()
        .ok_or_else(|| "try needs an argument".into())
}

fn can(_: FuncArgs) -> Outcome {
    Ok(Value::Bool(true))
}

fn arity(args: &FuncArgs, min: usize, max: usize) -> Result<(), String> {
    if (min..=max).contains(&args.len()) {
        Ok(())
    } else {
        Err(format!(
            "expected {min} to {max} arguments, got {}",
            args.len()
        ))
    }
}

pub(super) fn number_of(v: &Value) -> Result<f64, String> {
    match v {
        Value::Number(n) => n.as_f64().ok_or_else(|| "not a number".into()),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| format!("\"{s}\" is not a number")),
        other => Err(format!("{other} is not a number")),
    }
}

/// A number as Terraform shows it: whole numbers without a fraction.
pub(super) fn number(f: f64) -> Outcome {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        Ok(Value::from(f as i64))
    } else {
        Number::from_f64(f)
            .map(Value::Number)
            .ok_or_else(|| "not a finite number".into())
    }
}

/// A primitive as the string Terraform converts it to.
pub(super) fn text_of(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!("{other} is not a string")),
    }
}

fn array_of(v: &Value) -> Result<&Vec<Value>, String> {
    v.as_array().ok_or_else(|| format!("{v} is not a list"))
}

fn object_of(v: &Value) -> Result<&Map<String, Value>, String> {
    v.as_object().ok_or_else(|| format!("{v} is not a map"))
}

fn coalesce(args: FuncArgs) -> Outcome {
    args.iter()
        .find(|v| !v.is_null() && v.as_str() != Some(""))
        .cloned()
        .ok_or_else(|| "no non-null, non-empty argument".into())
}

fn tobool(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    match &args[0] {
        Value::Bool(_) | Value::Null => Ok(args[0].clone()),
        Value::String(s) if s == "true" || s == "false" => Ok(Value::Bool(s == "true")),
        other => Err(format!("{other} is not a bool")),
    }
}

fn tonumber(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    match &args[0] {
        Value::Null => Ok(Value::Null),
        other => number(number_of(other)?),
    }
}

fn tostring(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    match &args[0] {
        Value::Null => Ok(Value::Null),
        other => text_of(other).map(Value::String),
    }
}

fn tolist(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    array_of(&args[0]).map(|items| Value::Array(items.clone()))
}

fn tomap(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    object_of(&args[0]).map(|map| Value::Object(map.clone()))
}

fn toset(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    let mut items = dedup(array_of(&args[0])?);
    // Terraform iterates a set of strings in lexical order.
    if items.iter().all(Value::is_string) {
        items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    }
    Ok(Value::Array(items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcl::eval::Evaluate;

    fn call(source: &str) -> Option<Value> {
        let mut ctx = Context::new();
        declare(&mut ctx);
        let expr: hcl::Expression = source.parse().ok()?;
        expr.evaluate(&ctx).ok()
    }

    /// `source` evaluates, to what `expected` evaluates to.
    fn same(source: &str, expected: &str) {
        let value = call(source);
        assert!(value.is_some(), "{source} did not evaluate");
        assert_eq!(value, call(expected), "{source}");
    }

    #[test]
    fn subnets_are_carved_as_terraform_does() {
        assert_eq!(
            call("cidrsubnet(\"10.0.0.0/16\", 8, 2)"),
            Some("10.0.2.0/24".into())
        );
        assert_eq!(
            call("cidrsubnet(\"10.0.0.0/16\", 4, 15)"),
            Some("10.0.240.0/20".into())
        );
        assert_eq!(
            call("cidrsubnet(\"0.0.0.0/0\", 0, 0)"),
            Some("0.0.0.0/0".into())
        );
        assert_eq!(call("cidrsubnet(\"10.0.0.0/16\", 8, 256)"), None);
        assert_eq!(call("cidrsubnet(\"fd00::/8\", 8, 1)"), None);
    }

    #[test]
    fn format_pads_and_quotes() {
        assert_eq!(
            call("format(\"%03d|%-4s|%.2f|%q|%%\", 7, \"ab\", 2.5, \"x\")"),
            Some("007|ab  |2.50|\"x\"|%".into())
        );
        assert_eq!(call("format(\"%z\", 1)"), None);
        assert_eq!(call("format(\"%s %s\", 1)"), None);
    }

    #[test]
    fn strings_and_lists() {
        assert_eq!(call("substr(\"hello\", 1, 3)"), Some("ell".into()));
        assert_eq!(call("substr(\"hello\", -3, -1)"), Some("llo".into()));
        assert_eq!(call("substr(\"hi\", 5, 3)"), Some("".into()));
        assert_eq!(
            call("jsonencode({ a = [1, true] })"),
            Some("{\"a\":[1,true]}".into())
        );
        same("sort([\"b\", \"a\"])", "[\"a\", \"b\"]");
        same("range(3)", "[0, 1, 2]");
        same("zipmap([\"a\"], [1])", "{ a = 1 }");
        same("flatten([[1], [2, [3]]])", "[1, 2, 3]");
        assert_eq!(call("element([], 0)"), None);
        assert_eq!(call("replace(\"abc\", \"/b/\", \"x\")"), None);
    }
}
