//! `archplan sweep` output: CSV or JSON, written row by row into one
//! pre-sized buffer without per-row allocation.

use crate::analysis::sweep::{Sweep, SWEEP_SCHEMA};

/// Appends the decimal digits of `n`.
fn push_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Digits are ASCII.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

/// Appends cents as dollars with two decimals: 11014 → `110.14`.
fn push_cents(out: &mut String, cents: i64) {
    if cents < 0 {
        out.push('-');
    }
    let c = cents.unsigned_abs();
    push_u64(out, c / 100);
    out.push('.');
    let r = (c % 100) as u8;
    out.push((b'0' + r / 10) as char);
    out.push((b'0' + r % 10) as char);
}

/// CSV with a header row. Profile names come from the user's files and are
/// written by the `csv` crate, which quotes a name holding a comma, a quote
/// or a line break; the other fields are numbers and booleans, which never
/// need quoting, written row by row without per-row allocation.
pub fn csv(s: &Sweep) -> String {
    let names: Vec<String> = s.profiles.iter().map(|p| csv_field(p)).collect();
    let mut out = String::with_capacity(64 + s.rows.len() * 48);
    out.push_str("profile,users,tier,low,expected,high,held,fits\n");
    for r in &s.rows {
        out.push_str(&names[r.profile]);
        out.push(',');
        push_u64(&mut out, r.users);
        out.push(',');
        push_u64(&mut out, r.tier);
        for c in r.cents {
            out.push(',');
            push_cents(&mut out, c);
        }
        out.push_str(if r.held { ",true" } else { ",false" });
        out.push_str(if r.fits { ",true\n" } else { ",false\n" });
    }
    out
}

/// One CSV field, quoted as RFC 4180 requires.
fn csv_field(text: &str) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::with_capacity(text.len() + 3));
    // Writing to memory fails only if memory does.
    let _ = w.write_record([text]);
    let bytes = w.into_inner().unwrap_or_default();
    let field = String::from_utf8_lossy(&bytes);
    field.strip_suffix('\n').unwrap_or(&field).to_string()
}

/// `{"schema": …, "rows": [{"profile": …, "users": 1, "tier": 50, "low": 12.34, …}]}`;
/// costs are numbers of dollars rounded to the cent.
pub fn json(s: &Sweep) -> String {
    let mut out = String::with_capacity(64 + s.rows.len() * 100);
    out.push_str("{\"schema\":\"");
    out.push_str(SWEEP_SCHEMA);
    out.push_str("\",\"rows\":[");
    for (i, r) in s.rows.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("\n{\"profile\":");
        // Profile names come from the user's files: escape them properly.
        out.push_str(&serde_json::to_string(&s.profiles[r.profile]).unwrap_or_default());
        out.push_str(",\"users\":");
        push_u64(&mut out, r.users);
        out.push_str(",\"tier\":");
        push_u64(&mut out, r.tier);
        for (name, c) in [
            ("low", r.cents[0]),
            ("expected", r.cents[1]),
            ("high", r.cents[2]),
        ] {
            out.push_str(",\"");
            out.push_str(name);
            out.push_str("\":");
            push_cents(&mut out, c);
        }
        out.push_str(if r.held {
            ",\"held\":true"
        } else {
            ",\"held\":false"
        });
        out.push_str(if r.fits {
            ",\"fits\":true}"
        } else {
            ",\"fits\":false}"
        });
    }
    out.push_str("\n]}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sweep::Row;

    fn sample() -> Sweep {
        Sweep {
            profiles: vec!["current".into(), "we\"ird".into()],
            rows: vec![
                Row {
                    profile: 0,
                    users: 50,
                    tier: 50,
                    held: true,
                    fits: true,
                    cents: [6983, 11014, 18088],
                },
                Row {
                    profile: 1,
                    users: 100_000,
                    tier: 500,
                    held: false,
                    fits: false,
                    cents: [-5, 0, 123456789],
                },
            ],
        }
    }

    #[test]
    fn csv_rows_are_plain_numbers() {
        assert_eq!(
            csv(&sample()),
            "profile,users,tier,low,expected,high,held,fits\ncurrent,50,50,69.83,110.14,180.88,true,true\n\"we\"\"ird\",100000,500,-0.05,0.00,1234567.89,false,false\n"
        );
    }

    #[test]
    fn every_csv_row_has_the_header_s_eight_fields() {
        let mut s = sample();
        s.profiles[1] = "eu, \"big\"\nbox".into();
        let text = csv(&s);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(reader.headers().unwrap().len(), 8);
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|r| r.len() == 8), "{text}");
        assert_eq!(&rows[1][0], "eu, \"big\"\nbox");
        assert_eq!(&rows[1][6], "false");
        assert_eq!(&rows[1][7], "false");
    }

    #[test]
    fn json_parses_and_keeps_the_figures() {
        let v: serde_json::Value = serde_json::from_str(&json(&sample())).unwrap();
        assert_eq!(v["schema"], SWEEP_SCHEMA);
        assert_eq!(v["rows"][0]["expected"], serde_json::json!(110.14));
        assert_eq!(v["rows"][1]["profile"], "we\"ird");
        assert_eq!(v["rows"][1]["held"], false);
        assert_eq!(v["rows"][0]["fits"], true);
        assert_eq!(v["rows"][1]["low"], serde_json::json!(-0.05));
    }
}
