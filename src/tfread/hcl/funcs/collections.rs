//! Functions on lists and maps.

use super::*;

pub(super) fn compact(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    let kept = array_of(&args[0])?
        .iter()
        .filter(|v| !v.is_null() && v.as_str() != Some(""))
        .cloned();
    Ok(Value::Array(kept.collect()))
}

pub(super) fn concat(args: FuncArgs) -> Outcome {
    let mut all = Vec::new();
    for list in args.iter() {
        all.extend(array_of(list)?.iter().cloned());
    }
    Ok(Value::Array(all))
}

pub(super) fn contains(args: FuncArgs) -> Outcome {
    arity(&args, 2, 2)?;
    Ok(Value::Bool(array_of(&args[0])?.contains(&args[1])))
}

pub(super) fn distinct(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    Ok(Value::Array(dedup(array_of(&args[0])?)))
}

pub(super) fn dedup(items: &[Value]) -> Vec<Value> {
    let mut seen = Vec::new();
    for item in items {
        if !seen.contains(item) {
            seen.push(item.clone());
        }
    }
    seen
}

pub(super) fn element(args: FuncArgs) -> Outcome {
    arity(&args, 2, 2)?;
    let list = array_of(&args[0])?;
    let index = number_of(&args[1])?;
    if list.is_empty() || index < 0.0 {
        return Err("element of an empty list or at a negative index".into());
    }
    // Terraform wraps around: element(["a", "b"], 3) is "b".
    Ok(list[(index as usize) % list.len()].clone())
}

pub(super) fn flatten(args: FuncArgs) -> Outcome {
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

pub(super) fn sorted_entries(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    // Terraform orders map keys lexically, whatever the order written.
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

pub(super) fn keys(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    let entries = sorted_entries(object_of(&args[0])?);
    Ok(Value::Array(
        entries
            .into_iter()
            .map(|(k, _)| Value::from(k.as_str()))
            .collect(),
    ))
}

pub(super) fn values(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    let entries = sorted_entries(object_of(&args[0])?);
    Ok(Value::Array(
        entries.into_iter().map(|(_, v)| v.clone()).collect(),
    ))
}

pub(super) fn length(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    let n = match &args[0] {
        Value::String(s) => s.chars().count(),
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        other => return Err(format!("length of {other}")),
    };
    Ok(Value::from(n as u64))
}

pub(super) fn lookup(args: FuncArgs) -> Outcome {
    arity(&args, 2, 3)?;
    let map = object_of(&args[0])?;
    let key = text_of(&args[1])?;
    match (map.get(&key), args.get(2)) {
        (Some(v), _) => Ok(v.clone()),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(format!("no key \"{key}\"")),
    }
}

pub(super) fn merge(args: FuncArgs) -> Outcome {
    let mut merged = Map::new();
    for map in args.iter().filter(|v| !v.is_null()) {
        for (k, v) in object_of(map)? {
            merged.insert(k.clone(), v.clone());
        }
    }
    Ok(Value::Object(merged))
}

pub(super) fn range(args: FuncArgs) -> Outcome {
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

pub(super) fn zipmap(args: FuncArgs) -> Outcome {
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

pub(super) fn sort(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    let mut items = array_of(&args[0])?
        .iter()
        .map(text_of)
        .collect::<Result<Vec<_>, _>>()?;
    items.sort();
    Ok(Value::Array(items.into_iter().map(Value::from).collect()))
}
