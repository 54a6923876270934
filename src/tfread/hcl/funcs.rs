//! The Terraform functions evaluated offline. A call to any other function
//! fails evaluation, and the value that uses it is then unknown, not guessed.

use hcl::eval::{Context, Func, FuncArgs, FuncDef, ParamType};
use hcl::{Map, Number, Value};

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
    ("coalesce", coalesce),
    ("compact", compact),
    ("concat", concat),
    ("contains", contains),
    ("distinct", distinct),
    ("element", element),
    ("flatten", flatten),
    ("floor", floor),
    ("format", super::format::format),
    ("join", join),
    ("keys", keys),
    ("length", length),
    ("lookup", lookup),
    ("lower", lower),
    ("max", max),
    ("merge", merge),
    ("min", min),
    ("range", range),
    ("replace", replace),
    ("split", split),
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

fn one_number(args: FuncArgs, op: fn(f64) -> f64) -> Outcome {
    arity(&args, 1, 1)?;
    number(op(number_of(&args[0])?))
}

fn abs(args: FuncArgs) -> Outcome {
    one_number(args, f64::abs)
}

fn ceil(args: FuncArgs) -> Outcome {
    one_number(args, f64::ceil)
}

fn floor(args: FuncArgs) -> Outcome {
    one_number(args, f64::floor)
}

fn extreme(args: FuncArgs, pick: fn(f64, f64) -> f64) -> Outcome {
    let mut numbers = args.iter().map(number_of);
    let first = numbers.next().ok_or("expected at least one number")??;
    number(numbers.try_fold(first, |acc, n| n.map(|n| pick(acc, n)))?)
}

fn max(args: FuncArgs) -> Outcome {
    extreme(args, f64::max)
}

fn min(args: FuncArgs) -> Outcome {
    extreme(args, f64::min)
}

fn sum(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    let total = array_of(&args[0])?
        .iter()
        .map(number_of)
        .sum::<Result<f64, String>>()?;
    number(total)
}

fn coalesce(args: FuncArgs) -> Outcome {
    args.iter()
        .find(|v| !v.is_null() && v.as_str() != Some(""))
        .cloned()
        .ok_or_else(|| "no non-null, non-empty argument".into())
}

fn compact(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    let kept = array_of(&args[0])?
        .iter()
        .filter(|v| !v.is_null() && v.as_str() != Some(""))
        .cloned();
    Ok(Value::Array(kept.collect()))
}

fn concat(args: FuncArgs) -> Outcome {
    let mut all = Vec::new();
    for list in args.iter() {
        all.extend(array_of(list)?.iter().cloned());
    }
    Ok(Value::Array(all))
}

fn contains(args: FuncArgs) -> Outcome {
    arity(&args, 2, 2)?;
    Ok(Value::Bool(array_of(&args[0])?.contains(&args[1])))
}

fn distinct(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    Ok(Value::Array(dedup(array_of(&args[0])?)))
}

fn dedup(items: &[Value]) -> Vec<Value> {
    let mut seen = Vec::new();
    for item in items {
        if !seen.contains(item) {
            seen.push(item.clone());
        }
    }
    seen
}

fn element(args: FuncArgs) -> Outcome {
    arity(&args, 2, 2)?;
    let list = array_of(&args[0])?;
    let index = number_of(&args[1])?;
    if list.is_empty() || index < 0.0 {
        return Err("element of an empty list or at a negative index".into());
    }
    // Terraform wraps around: element(["a", "b"], 3) is "b".
    Ok(list[(index as usize) % list.len()].clone())
}

fn flatten(args: FuncArgs) -> Outcome {
    fn into(out: &mut Vec<Value>, v: &Value) {
        match v {
            Value::Array(items) => items.iter().for_each(|i| into(out, i)),
            other => out.push(other.clone()),
        }
    }
    arity(&args, 1, 1)?;
    let mut out = Vec::new();
    array_of(&args[0])?.iter().for_each(|v| into(&mut out, v));
    Ok(Value::Array(out))
}

fn join(args: FuncArgs) -> Outcome {
    let (separator, lists) = args.split_first().ok_or("expected a separator")?;
    let separator = text_of(separator)?;
    let mut parts = Vec::new();
    for list in lists {
        for item in array_of(list)? {
            parts.push(text_of(item)?);
        }
    }
    Ok(Value::String(parts.join(&separator)))
}

fn sorted_entries(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    // Terraform orders map keys lexically, whatever the order written.
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

fn keys(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    let entries = sorted_entries(object_of(&args[0])?);
    Ok(Value::Array(
        entries
            .into_iter()
            .map(|(k, _)| Value::from(k.as_str()))
            .collect(),
    ))
}

fn values(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    let entries = sorted_entries(object_of(&args[0])?);
    Ok(Value::Array(
        entries.into_iter().map(|(_, v)| v.clone()).collect(),
    ))
}

fn length(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    let n = match &args[0] {
        Value::String(s) => s.chars().count(),
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        other => return Err(format!("length of {other}")),
    };
    Ok(Value::from(n as u64))
}

fn lookup(args: FuncArgs) -> Outcome {
    arity(&args, 2, 3)?;
    let map = object_of(&args[0])?;
    let key = text_of(&args[1])?;
    match (map.get(&key), args.get(2)) {
        (Some(v), _) => Ok(v.clone()),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(format!("no key \"{key}\"")),
    }
}

fn merge(args: FuncArgs) -> Outcome {
    let mut merged = Map::new();
    for map in args.iter().filter(|v| !v.is_null()) {
        for (k, v) in object_of(map)? {
            merged.insert(k.clone(), v.clone());
        }
    }
    Ok(Value::Object(merged))
}

fn range(args: FuncArgs) -> Outcome {
    arity(&args, 1, 3)?;
    let n: Vec<f64> = args.iter().map(number_of).collect::<Result<_, _>>()?;
    let (start, end, step) = match n.as_slice() {
        [end] => (0.0, *end, 1.0),
        [start, end] => (*start, *end, 1.0),
        [start, end, step] => (*start, *end, *step),
        _ => return Err("range takes one to three numbers".into()),
    };
    if step == 0.0 || ((end - start) / step) > 1024.0 {
        return Err("range too long or with a zero step".into());
    }
    let mut out = Vec::new();
    let mut at = start;
    while (step > 0.0 && at < end) || (step < 0.0 && at > end) {
        out.push(number(at)?);
        at += step;
    }
    Ok(Value::Array(out))
}

fn string_op(args: FuncArgs, op: fn(&str) -> String) -> Outcome {
    arity(&args, 1, 1)?;
    Ok(Value::String(op(&text_of(&args[0])?)))
}

fn lower(args: FuncArgs) -> Outcome {
    string_op(args, str::to_lowercase)
}

fn upper(args: FuncArgs) -> Outcome {
    string_op(args, str::to_uppercase)
}

fn trimspace(args: FuncArgs) -> Outcome {
    string_op(args, |s| s.trim().to_string())
}

fn replace(args: FuncArgs) -> Outcome {
    arity(&args, 3, 3)?;
    let [s, from, to] = [&args[0], &args[1], &args[2]].map(text_of);
    let from = from?;
    if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
        // A regular expression: not evaluated offline.
        return Err("replace with a regular expression".into());
    }
    Ok(Value::String(s?.replace(&from, &to?)))
}

fn split(args: FuncArgs) -> Outcome {
    arity(&args, 2, 2)?;
    let separator = text_of(&args[0])?;
    let s = text_of(&args[1])?;
    if separator.is_empty() {
        return Err("split with an empty separator".into());
    }
    Ok(Value::Array(s.split(&separator).map(Value::from).collect()))
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

fn zipmap(args: FuncArgs) -> Outcome {
    arity(&args, 2, 2)?;
    let keys = array_of(&args[0])?;
    let values = array_of(&args[1])?;
    if keys.len() != values.len() {
        return Err("zipmap of lists of different lengths".into());
    }
    let mut map = Map::new();
    for (k, v) in keys.iter().zip(values) {
        map.insert(text_of(k)?, v.clone());
    }
    Ok(Value::Object(map))
}
