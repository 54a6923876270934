//! User counts as written on the command line: one parser for every command.
//!
//! A count is digits, optionally grouped with `_` (`10_000`). A comma always
//! separates counts: options that take several (`check --users 50,100`) split
//! on it before each piece reaches [`parse_user_count`], and an option that
//! takes one count refuses a list rather than reading `50,100` as 50100.

/// The most users a count may name.
pub const MAX_USERS: u64 = 100_000_000;

/// A user count: a whole number from 1 to [`MAX_USERS`]. The error names the
/// bad value and says what is expected (clap prefixes the option's name).
pub fn parse_user_count(s: &str) -> Result<u64, String> {
    let t = s.trim();
    if t.contains(',') {
        return Err(format!(
            "\"{s}\" is a list, but this option takes one user count; expected a whole number such as 50 (group digits with _, as in 10_000)"
        ));
    }
    if !is_grouped_digits(t) {
        return Err(format!(
            "\"{s}\" is not a user count; expected a whole number such as 50 (digits, grouped with _ as in 10_000)"
        ));
    }
    match t.replace('_', "").parse::<u64>() {
        Ok(0) => Err(format!(
            "\"{s}\" is not a user count; expected 1 or more, e.g. 50"
        )),
        Ok(n) if n <= MAX_USERS => Ok(n),
        _ => Err(format!(
            "\"{s}\" is too many users; expected at most 100_000_000"
        )),
    }
}

/// Digits, with single underscores only between two digits.
fn is_grouped_digits(t: &str) -> bool {
    !t.is_empty()
        && !t.starts_with('_')
        && !t.ends_with('_')
        && !t.contains("__")
        && t.bytes().all(|b| b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_underscore_groups_are_counts() {
        assert_eq!(parse_user_count("50"), Ok(50));
        assert_eq!(parse_user_count("10_000"), Ok(10_000));
        assert_eq!(parse_user_count(" 120 "), Ok(120));
        assert_eq!(parse_user_count("100_000_000"), Ok(MAX_USERS));
    }

    #[test]
    fn a_comma_is_never_a_thousands_separator() {
        for list in ["50,100", "1,00", "1,000"] {
            let e = parse_user_count(list).unwrap_err();
            assert!(e.contains(&format!("\"{list}\" is a list")), "{e}");
            assert!(e.contains("one user count"), "{e}");
        }
    }

    #[test]
    fn anything_else_is_refused_naming_the_value() {
        for bad in [
            "", "abc", "5O", "-5", "+5", "1.5", "_10", "10_", "1__0", "1e3", "٣",
        ] {
            let e = parse_user_count(bad).unwrap_err();
            assert!(e.contains(&format!("\"{bad}\"")), "{bad}: {e}");
            assert!(e.contains("expected"), "{bad}: {e}");
        }
        assert!(parse_user_count("0").unwrap_err().contains("1 or more"));
        assert!(parse_user_count("100_000_001")
            .unwrap_err()
            .contains("at most"));
        assert!(parse_user_count("99999999999999999999999")
            .unwrap_err()
            .contains("at most"));
    }
}
