//! A limit on how deeply `[` and `{` nest in a YAML file, checked before the
//! YAML parser sees the text. libyaml, which parsed these files before
//! serde-saphyr, rescanned every open flow level for each token, so 200 KB of
//! `[` took most of a minute to reject; serde-saphyr's own budget caps flow
//! nesting too (255 levels by default), but this linear scan names the limit
//! and the bracket that breaks it. No profile needs more than a few levels.

use crate::error::{Error, Location, Result};

/// Deepest nesting of flow collections (`[…]`, `{…}`) a file may use.
pub const MAX_FLOW_DEPTH: usize = 64;

/// Refuses text whose brackets nest deeper than [`MAX_FLOW_DEPTH`], pointing
/// at the bracket that goes one level too deep. Quoted strings and comments
/// are skipped; the scan is linear.
pub fn check_flow_depth(file: &str, text: &str) -> Result<()> {
    let mut depth = 0usize;
    let mut line = 1usize;
    let mut column = 0usize;
    // Whether the previous character lets a quote or `#` start a token.
    let mut at_token_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        match c {
            '\n' => {
                line += 1;
                column = 0;
            }
            '#' if at_token_start => {
                // A comment runs to the end of the line.
                while chars.peek().is_some_and(|&n| n != '\n') {
                    chars.next();
                }
            }
            '"' | '\'' if at_token_start => {
                // A quoted scalar: skip to its closing quote (`\"` escapes in
                // double quotes, `''` in single ones), counting lines.
                while let Some(n) = chars.next() {
                    column += 1;
                    match n {
                        '\n' => {
                            line += 1;
                            column = 0;
                        }
                        '\\' if c == '"' => {
                            if chars.next() == Some('\n') {
                                line += 1;
                                column = 0;
                            } else {
                                column += 1;
                            }
                        }
                        n if n == c => {
                            if c == '\'' && chars.peek() == Some(&'\'') {
                                chars.next();
                                column += 1;
                            } else {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            '[' | '{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Err(Error::input(format!(
                        "brackets nested {depth} levels deep; expected at most {MAX_FLOW_DEPTH} levels of [ ] and {{ }}"
                    ))
                    .at(Some(Location {
                        file: file.to_string(),
                        line,
                        column,
                    })));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        at_token_start = matches!(c, ' ' | '\t' | '\n' | '\r' | '[' | '{' | ',' | ':' | '-');
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_flow_collections_pass() {
        let text = "a: [1, [2, {b: [3]}]]\nnote: \"[[[[[[\" # [[[[[[\nq: 'it''s [['\n";
        assert!(check_flow_depth("f.yaml", text).is_ok());
        let deep_but_allowed = "x: ".to_string() + &"[".repeat(MAX_FLOW_DEPTH);
        assert!(check_flow_depth("f.yaml", &deep_but_allowed).is_ok());
    }

    #[test]
    fn one_level_too_deep_is_refused_at_that_bracket() {
        let text = "name: x\ntiers: ".to_string() + &"[".repeat(200_000);
        let started = std::time::Instant::now();
        let e = check_flow_depth("evil.yaml", &text).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(e.exit_code(), 2);
        assert_eq!(
            e.to_string(),
            format!(
                "evil.yaml:2:{}: brackets nested 65 levels deep; expected at most 64 levels of [ ] and {{ }}",
                8 + MAX_FLOW_DEPTH
            )
        );
    }

    #[test]
    fn quoted_brackets_do_not_count() {
        let many = "[".repeat(1000);
        let text = format!("a: \"{many}\"\nb: '{many}'\nc: [\"{many}\", '{many}']\n");
        assert!(check_flow_depth("f.yaml", &text).is_ok());
    }
}
