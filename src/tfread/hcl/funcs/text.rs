//! Functions on strings.

use super::*;

pub(super) fn join(args: FuncArgs) -> Outcome {
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

pub(super) fn string_op(args: FuncArgs, op: fn(&str) -> String) -> Outcome {
    arity(&args, 1, 1)?;
    Ok(Value::String(op(&text_of(&args[0])?)))
}

pub(super) fn lower(args: FuncArgs) -> Outcome {
    string_op(args, str::to_lowercase)
}

pub(super) fn upper(args: FuncArgs) -> Outcome {
    string_op(args, str::to_uppercase)
}

pub(super) fn trimspace(args: FuncArgs) -> Outcome {
    string_op(args, |s| s.trim().to_string())
}

pub(super) fn replace(args: FuncArgs) -> Outcome {
    arity(&args, 3, 3)?;
    let [s, from, to] = [&args[0], &args[1], &args[2]].map(text_of);
    let from = from?;
    if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
        // A regular expression: not evaluated offline.
        return Err("replace with a regular expression".into());
    }
    Ok(Value::String(s?.replace(&from, &to?)))
}

pub(super) fn split(args: FuncArgs) -> Outcome {
    arity(&args, 2, 2)?;
    let separator = text_of(&args[0])?;
    let s = text_of(&args[1])?;
    if separator.is_empty() {
        return Err("split with an empty separator".into());
    }
    Ok(Value::Array(s.split(&separator).map(Value::from).collect()))
}

pub(super) fn jsonencode(args: FuncArgs) -> Outcome {
    arity(&args, 1, 1)?;
    let json = super::super::body::to_json(&args[0]);
    serde_json::to_string(&json)
        .map(Value::String)
        .map_err(|e| e.to_string())
}

pub(super) fn startswith(args: FuncArgs) -> Outcome {
    arity(&args, 2, 2)?;
    Ok(Value::Bool(
        text_of(&args[0])?.starts_with(&text_of(&args[1])?),
    ))
}

pub(super) fn endswith(args: FuncArgs) -> Outcome {
    arity(&args, 2, 2)?;
    Ok(Value::Bool(
        text_of(&args[0])?.ends_with(&text_of(&args[1])?),
    ))
}

pub(super) fn substr(args: FuncArgs) -> Outcome {
    arity(&args, 3, 3)?;
    let s: Vec<char> = text_of(&args[0])?.chars().collect();
    let offset = number_of(&args[1])?;
    let length = number_of(&args[2])?;
    // Terraform counts a negative offset from the end, and length -1 to it.
    let start = if offset < 0.0 {
        (s.len() as f64 + offset).max(0.0)
    } else {
        offset.min(s.len() as f64)
    } as usize;
    let end = if length < 0.0 {
        s.len()
    } else {
        (start as f64 + length).min(s.len() as f64) as usize
    };
    Ok(Value::String(s[start..end.max(start)].iter().collect()))
}
