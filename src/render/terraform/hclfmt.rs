//! The layout `terraform fmt` gives HCL, applied to rendered templates so the
//! module needs no formatting pass: two spaces per nesting level, and the `=`
//! of consecutive one-line arguments aligned one space after the longest name.
//!
//! The rules follow hclwrite's formatter: a line that opens brackets indents
//! the following lines by one level (however many brackets it opens), a line
//! that closes them returns to the level before; an "assignment" is a line
//! with `=` after its first token whose right-hand side balances its
//! brackets; a line that is not an assignment (a blank line, a comment, a
//! block header, a closing bracket) ends an alignment group. Tidying: no
//! trailing spaces, no blank line after an opening or before a closing
//! bracket, never two blank lines in a row, one final newline.

/// Formats HCL text (a `.tf` or `.tfvars` file).
pub fn format(text: &str) -> String {
    let lines = tidy(text);
    let mut indents: Vec<i32> = Vec::new();
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for raw in lines {
        let content = raw.trim();
        if content.is_empty() {
            out.push(Line::blank());
            continue;
        }
        let scan = scan(content);
        let level = match scan.net.cmp(&0) {
            std::cmp::Ordering::Greater => {
                let level = indents.len();
                indents.push(scan.net);
                level
            }
            std::cmp::Ordering::Less => {
                let mut closed = -scan.net;
                while closed > 0 {
                    let Some(top) = indents.last_mut() else { break };
                    if closed >= *top {
                        closed -= *top;
                        indents.pop();
                    } else {
                        *top -= closed;
                        closed = 0;
                    }
                }
                indents.len()
            }
            std::cmp::Ordering::Equal => indents.len(),
        };
        let indent = "  ".repeat(level);
        out.push(match scan.assign {
            Some(eq) => Line {
                lead: format!("{indent}{}", content[..eq].trim_end()),
                assign: Some(content[eq + 1..].trim_start().to_string()),
            },
            None => Line {
                lead: format!("{indent}{content}"),
                assign: None,
            },
        });
    }
    align(&mut out);
    let mut text = String::with_capacity(out.iter().map(|l| l.lead.len() + 8).sum());
    for line in &out {
        text.push_str(&line.lead);
        if let Some(rhs) = &line.assign {
            text.push_str("= ");
            text.push_str(rhs);
        }
        text.push('\n');
    }
    text
}

/// Cleans up the text that control tags leave around: trailing spaces,
/// blank lines in a row, blank lines just inside brackets, at the start and
/// at the end.
pub fn tidy(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        let blank = line.is_empty();
        let previous_blank = lines.last().is_none_or(|l: &&str| l.is_empty());
        if blank && previous_blank {
            continue;
        }
        let closes = line.trim_start().starts_with(['}', ']', ')']);
        if closes && previous_blank && !lines.is_empty() {
            lines.pop();
        }
        let after_opener = lines
            .last()
            .is_some_and(|l| l.ends_with('{') || l.ends_with('[') || l.ends_with('('));
        if blank && after_opener {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

struct Line {
    /// Indentation and everything before the `=` (the whole line when it is
    /// not an assignment).
    lead: String,
    /// The right-hand side of an assignment, without the `=`.
    assign: Option<String>,
}

impl Line {
    fn blank() -> Line {
        Line {
            lead: String::new(),
            assign: None,
        }
    }
}

fn align(lines: &mut [Line]) {
    let mut start = 0;
    while start < lines.len() {
        if lines[start].assign.is_none() {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < lines.len() && lines[end].assign.is_some() {
            end += 1;
        }
        let width = lines[start..end]
            .iter()
            .map(|l| l.lead.chars().count())
            .max()
            .unwrap_or(0);
        for line in &mut lines[start..end] {
            let pad = width - line.lead.chars().count() + 1;
            line.lead.push_str(&" ".repeat(pad));
        }
        start = end;
    }
}

struct Scan {
    /// Opening minus closing brackets on the line, outside string literals.
    net: i32,
    /// Byte offset of the assignment's `=`, when the line is an assignment.
    assign: Option<usize>,
}

/// Finds the brackets and the assignment of one trimmed line. String
/// literals (with their `${…}` interpolations) are skipped as a whole: they
/// always balance on a single line.
fn scan(line: &str) -> Scan {
    if line.starts_with('#') || line.starts_with("//") || line.starts_with("/*") {
        return Scan {
            net: 0,
            assign: None,
        };
    }
    let bytes = line.as_bytes();
    let mut net = 0;
    let mut eq: Option<(usize, i32)> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i + 1),
            b'#' => break,
            b'/' if bytes.get(i + 1) == Some(&b'/') => break,
            b'{' | b'[' | b'(' => net += 1,
            b'}' | b']' | b')' => net -= 1,
            b'=' => {
                let prev = if i > 0 { bytes[i - 1] } else { b' ' };
                let next = bytes.get(i + 1).copied().unwrap_or(b' ');
                let operator =
                    matches!(prev, b'=' | b'!' | b'<' | b'>') || matches!(next, b'=' | b'>');
                if !operator && eq.is_none() && i > 0 {
                    eq = Some((i, net));
                }
            }
            _ => {}
        }
        i += 1;
    }
    // The right-hand side must balance its own brackets: `tags = {` opens a
    // multi-line value and is not aligned.
    let assign = eq.and_then(|(at, before)| (net - before == 0).then_some(at));
    Scan { net, assign }
}

/// Index of the closing quote of a string that starts at `i` (just after the
/// opening quote), stepping over escapes and `${…}` interpolations.
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i,
            b'$' | b'%' if bytes.get(i + 1) == Some(&b'{') => {
                if bytes.get(i.wrapping_sub(1)) == Some(&bytes[i]) {
                    // `$${` and `%%{` are escapes, not interpolations.
                    i += 2;
                    continue;
                }
                i = skip_interpolation(bytes, i + 2);
            }
            _ => i += 1,
        }
    }
    i
}

fn skip_interpolation(bytes: &[u8], mut i: usize) -> usize {
    let mut depth = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i + 1) + 1,
            b'{' => {
                depth += 1;
                i += 1;
            }
            b'}' => {
                depth -= 1;
                i += 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_consecutive_arguments_and_reindents() {
        let input = "resource \"a\" \"b\" {\nname = \"x\"\n    description = \"y\"\n\n  tags = {\n  A = 1\n  Long = \"${var.name}-x\"\n  }\n}\n";
        let expected = "resource \"a\" \"b\" {\n  name        = \"x\"\n  description = \"y\"\n\n  tags = {\n    A    = 1\n    Long = \"${var.name}-x\"\n  }\n}\n";
        assert_eq!(format(input), expected);
    }

    #[test]
    fn comments_blocks_and_blank_lines_end_an_alignment_group() {
        let input = "x {\n  #checkov:skip=CKV_AWS_1:a = b\n  a = 1\n  bbbb = 2\n  # note\n  cc = 3\n  inner {\n    d = 4\n  }\n  eeeee = 5\n}\n";
        let expected = "x {\n  #checkov:skip=CKV_AWS_1:a = b\n  a    = 1\n  bbbb = 2\n  # note\n  cc = 3\n  inner {\n    d = 4\n  }\n  eeeee = 5\n}\n";
        assert_eq!(format(input), expected);
    }

    #[test]
    fn a_value_that_opens_brackets_is_not_aligned_and_indents_once() {
        let input = "policy = jsonencode({\nVersion = \"2012-10-17\"\nStatement = [{\nEffect = \"Deny\"\nCondition = { Bool = { \"aws:SecureTransport\" = \"false\" } }\n}]\n})\n";
        let expected = "policy = jsonencode({\n  Version = \"2012-10-17\"\n  Statement = [{\n    Effect    = \"Deny\"\n    Condition = { Bool = { \"aws:SecureTransport\" = \"false\" } }\n  }]\n})\n";
        assert_eq!(format(input), expected);
    }

    #[test]
    fn operators_and_strings_are_not_assignments() {
        assert_eq!(scan("condition = var.x == \"a=b\"").assign, Some(10));
        assert_eq!(scan("x == 1").assign, None);
        assert_eq!(scan("\"a = b\"").assign, None);
        assert_eq!(scan("a = \"${join(\"}\", b)}\"").net, 0);
        assert_eq!(scan("value = \"$${literal\"").net, 0);
    }

    #[test]
    fn tidies_blank_lines() {
        let input = "\n\na {\n\n  b = 1\n\n\n  c = 2\n\n}\n\n\n";
        assert_eq!(format(input), "a {\n  b = 1\n\n  c = 2\n}\n");
    }
}
