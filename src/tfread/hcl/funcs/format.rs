//! Terraform's `format`, for the verbs configurations use: `%s`, `%v`, `%d`,
//! `%f` (with a precision), `%q`, `%t` and `%%`, with an optional width and
//! zero padding. Any other verb fails, so the value is unknown, not wrong.

use super::{number_of, text_of};
use hcl::eval::FuncArgs;
use hcl::Value;

pub(super) fn format(args: FuncArgs) -> Result<Value, String> {
    let (spec, args) = args.split_first().ok_or("format needs a format string")?;
    let spec = text_of(spec)?;
    let mut args = args.iter();
    let mut out = String::new();
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut directive = Directive::default();
        while let Some(&d) = chars.peek() {
            match d {
                '0' if directive.width.is_none() && !directive.in_precision => {
                    directive.zero_pad = true;
                }
                '0'..='9' => directive.digit(d),
                '.' => directive.in_precision = true,
                '-' => directive.left = true,
                _ => break,
            }
            chars.next();
        }
        let verb = chars.next().ok_or("format string ends with %")?;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let arg = args.next().ok_or("too few arguments for format")?;
        out.push_str(&directive.pad(render(verb, arg, directive.precision)?));
    }
    Ok(Value::String(out))
}

#[derive(Default)]
struct Directive {
    zero_pad: bool,
    left: bool,
    in_precision: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

impl Directive {
    fn digit(&mut self, d: char) {
        let n = d.to_digit(10).unwrap_or(0) as usize;
        let slot = if self.in_precision {
            &mut self.precision
        } else {
            &mut self.width
        };
        // Capped: a width is for alignment, not for allocating gigabytes.
        *slot = Some((slot.unwrap_or(0) * 10 + n).min(256));
    }

    fn pad(&self, s: String) -> String {
        let width = self.width.unwrap_or(0);
        let len = s.chars().count();
        if len >= width {
            return s;
        }
        let fill = if self.zero_pad && !self.left {
            '0'
        } else {
            ' '
        };
        let padding: String = std::iter::repeat_n(fill, width - len).collect();
        if self.left {
            s + &padding
        } else if fill == '0' && s.starts_with('-') {
            format!("-{padding}{}", &s[1..])
        } else {
            padding + &s
        }
    }
}

fn render(verb: char, arg: &Value, precision: Option<usize>) -> Result<String, String> {
    match verb {
        's' => text_of(arg),
        'v' => match arg {
            Value::Array(_) | Value::Object(_) | Value::Null => {
                serde_json::to_string(arg).map_err(|e| e.to_string())
            }
            other => text_of(other),
        },
        'd' => {
            let n = number_of(arg)?;
            if n.fract() != 0.0 {
                return Err(format!("%d of {n}, which is not whole"));
            }
            Ok(format!("{}", n as i64))
        }
        'f' => Ok(format!("{:.*}", precision.unwrap_or(6), number_of(arg)?)),
        'q' => serde_json::to_string(&text_of(arg)?).map_err(|e| e.to_string()),
        't' => match arg {
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(format!("%t of {other}")),
        },
        other => Err(format!("format verb %{other} is not evaluated offline")),
    }
}
