//! `archplan render terraform`: the AWS part of a tier as a Terraform module.
//!
//! A [`context::ModuleContext`] is built from the profile and the cost engine,
//! then each template of `templates/terraform/` (embedded in the binary)
//! renders one file of the module. HCL files go through [`hclfmt`] so that
//! they are already `terraform fmt`-clean; the README's input and output
//! tables are read back from the rendered `variables.tf` and `outputs.tf`, so
//! they cannot drift from them.

pub mod alarms;
pub mod assembly;
pub mod checks;
pub mod context;
pub mod hclfmt;
pub mod names;
pub mod summary;

use crate::assets;
use crate::error::{Error, Result};
use crate::workspace::Workspace;
use context::{ModuleContext, Request};
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use serde::Serialize;

/// One file of the module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// Name inside the module folder.
    pub path: String,
    pub contents: String,
}

/// The rendered module, its context and the warnings for the user.
#[derive(Debug, Clone)]
pub struct Module {
    pub context: ModuleContext,
    pub files: Vec<RenderedFile>,
    pub warnings: Vec<String>,
}

/// Renders the module for a profile at N users.
pub fn render(ws: &Workspace, req: &Request) -> Result<Module> {
    let (context, warnings) = context::build(ws, req)?;
    let files = render_files(&context)?;
    Ok(Module {
        context,
        files,
        warnings,
    })
}

/// The files of the module, in a stable order.
pub fn render_files(ctx: &ModuleContext) -> Result<Vec<RenderedFile>> {
    let env = environment()?;
    let value = Value::from_serialize(ctx);
    let mut files = Vec::new();
    let hcl = |name: &str, template: &str, files: &mut Vec<RenderedFile>| -> Result<()> {
        let text = render_one(&env, template, value.clone())?;
        files.push(RenderedFile {
            path: name.to_string(),
            contents: hclfmt::format(&text),
        });
        Ok(())
    };
    hcl("versions.tf", "versions.tf.j2", &mut files)?;
    hcl("main.tf", "main.tf.j2", &mut files)?;
    hcl("variables.tf", "variables.tf.j2", &mut files)?;
    hcl("network.tf", "network.tf.j2", &mut files)?;
    if ctx.database.is_some() {
        hcl("rds.tf", "rds.tf.j2", &mut files)?;
    }
    if ctx.cache.is_some() {
        hcl("elasticache.tf", "elasticache.tf.j2", &mut files)?;
    }
    if ctx.bucket.is_some() {
        hcl("s3.tf", "s3.tf.j2", &mut files)?;
    }
    if !ctx.secrets.is_empty() {
        hcl("secrets.tf", "secrets.tf.j2", &mut files)?;
    }
    if ctx.load_balancer.is_some() {
        hcl("alb.tf", "alb.tf.j2", &mut files)?;
    }
    if !ctx.services.is_empty() {
        hcl("ecs.tf", "ecs.tf.j2", &mut files)?;
    }
    hcl("monitoring.tf", "monitoring.tf.j2", &mut files)?;
    hcl("outputs.tf", "outputs.tf.j2", &mut files)?;

    let find = |name: &str| {
        files
            .iter()
            .find(|f| f.path == name)
            .map_or("", |f| f.contents.as_str())
    };
    let public_db = ctx.database.as_ref().is_some_and(|d| d.publicly_accessible);
    let inputs = read_variables(find("variables.tf"), &ctx.region, public_db);
    let outputs = read_outputs(find("outputs.tf"));
    let docs = Value::from_serialize(DocsContext {
        module: ctx,
        inputs: &inputs,
        outputs: &outputs,
    });
    let tfvars = render_one(&env, "terraform.tfvars.example.j2", docs.clone())?;
    files.push(RenderedFile {
        path: "terraform.tfvars.example".to_string(),
        contents: hclfmt::format(&tfvars),
    });
    let root = render_one(&env, "root.tf.example.j2", docs.clone())?;
    files.push(RenderedFile {
        path: "root.tf.example".to_string(),
        contents: hclfmt::format(&root),
    });
    let readme = render_one(&env, "README.md.j2", docs)?;
    files.push(RenderedFile {
        path: "README.md".to_string(),
        contents: tidy_markdown(&readme),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

#[derive(Serialize)]
struct DocsContext<'a> {
    #[serde(flatten)]
    module: &'a ModuleContext,
    inputs: &'a [Input],
    outputs: &'a [Output],
}

/// A variable of the module, as the README and the tfvars example show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Input {
    pub name: String,
    pub description: String,
    pub r#type: String,
    /// HCL of the default, when there is one.
    pub default: String,
    pub required: bool,
    /// A value to show uncommented in the tfvars example.
    pub example: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Output {
    pub name: String,
    pub description: String,
}

fn environment() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.add_filter("q", |s: String| hcl_string(&s));
    env.add_filter("cell", |s: String| markdown_cell(&s));
    env.add_filter("b", |v: bool| if v { "true" } else { "false" });
    env.add_filter("hcl_list", |items: Vec<String>| {
        let quoted: Vec<String> = items.iter().map(|s| hcl_string(s)).collect();
        format!("[{}]", quoted.join(", "))
    });
    for (name, source) in assets::TERRAFORM_TEMPLATES {
        env.add_template(name, source).map_err(template_error)?;
    }
    Ok(env)
}

fn render_one(env: &Environment, name: &str, ctx: Value) -> Result<String> {
    env.get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(template_error)
}

fn template_error(e: minijinja::Error) -> Error {
    let mut message = format!("template error: {e}");
    if let Some(name) = e.name() {
        message = format!("templates/terraform/{name}:{}: {e}", e.line().unwrap_or(0));
    }
    Error::runtime(message)
}

/// A quoted HCL string literal: escapes, and `${`/`%{` kept literal.
pub fn hcl_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(ch);
                out.push(ch);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text safe inside a Markdown table cell.
fn markdown_cell(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

fn tidy_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if blank {
                continue;
            }
            blank = true;
        } else {
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The `variable` blocks of a formatted variables.tf.
/// `public_db`: the database is public, so the allow-list needs an example.
fn read_variables(text: &str, region: &str, public_db: bool) -> Vec<Input> {
    blocks(text, "variable")
        .into_iter()
        .map(|(name, attrs)| {
            let get = |k: &str| {
                attrs
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.clone())
            };
            let default = get("default");
            let required = default.is_none();
            let example = example_value(&name, region)
                .filter(|_| required || (name == "allowed_cidr_blocks" && public_db))
                .or_else(|| required.then(|| "\"…\"".to_string()));
            Input {
                description: get("description").map(|d| unquote(&d)).unwrap_or_default(),
                r#type: get("type").unwrap_or_default(),
                default: default.unwrap_or_default(),
                required,
                example,
                name,
            }
        })
        .collect()
}

/// Example values for the variables a user has to think about.
fn example_value(name: &str, region: &str) -> Option<String> {
    Some(match name {
        "vpc_id" => "\"vpc-0123456789abcdef0\"".to_string(),
        "subnet_ids" => "[\"subnet-0123456789abcdef0\", \"subnet-0fedcba9876543210\"]".to_string(),
        "allowed_cidr_blocks" => "[\"203.0.113.10/32\"]".to_string(),
        "availability_zones" => format!("[\"{region}a\", \"{region}b\"]"),
        "alarm_email" => "\"ops@example.com\"".to_string(),
        "load_balancer_target_ips" => "[\"10.0.1.20\"]".to_string(),
        "certificate_arn" => {
            format!("\"arn:aws:acm:{region}:123456789012:certificate/00000000-0000-0000-0000-000000000000\"")
        }
        n if n.ends_with("_image") => {
            let service = n.trim_end_matches("_image").replace('_', "-");
            format!("\"123456789012.dkr.ecr.{region}.amazonaws.com/{service}:1.0.0\"")
        }
        _ => return None,
    })
}

fn read_outputs(text: &str) -> Vec<Output> {
    blocks(text, "output")
        .into_iter()
        .map(|(name, attrs)| Output {
            description: attrs
                .iter()
                .find(|(k, _)| k == "description")
                .map(|(_, v)| unquote(v))
                .unwrap_or_default(),
            name,
        })
        .collect()
}

/// `kind "name" { key = value … }` blocks at the top level of formatted HCL,
/// with their one-line attributes (nested blocks are skipped).
fn blocks(text: &str, kind: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let prefix = format!("{kind} \"");
    let mut current: Option<(String, Vec<(String, String)>)> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix(&prefix) {
            if let Some(name) = rest.strip_suffix("\" {") {
                current = Some((name.to_string(), Vec::new()));
            }
            continue;
        }
        if line == "}" {
            if let Some(block) = current.take() {
                out.push(block);
            }
            continue;
        }
        if let (Some((_, attrs)), Some(body)) = (current.as_mut(), line.strip_prefix("  ")) {
            if body.starts_with(' ') {
                continue;
            }
            if let Some((key, value)) = body.split_once(" = ") {
                let key = key.trim_end();
                if !key.contains(' ') {
                    attrs.push((key.to_string(), value.to_string()));
                }
            }
        }
    }
    out
}

/// The text of a one-line HCL string literal.
fn unquote(s: &str) -> String {
    let inner = s
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s);
    inner.replace("\\\"", "\"").replace("\\\\", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped_for_hcl() {
        assert_eq!(hcl_string("db.t4g.small"), "\"db.t4g.small\"");
        assert_eq!(
            hcl_string("a \"b\" ${c} %{d}\n"),
            "\"a \\\"b\\\" $${c} %%{d}\\n\""
        );
    }

    #[test]
    fn variables_are_read_back() {
        let text = "variable \"name\" {\n  description = \"Prefix \\\"x\\\"\"\n  type        = string\n  default     = \"current\"\n\n  validation {\n    condition     = true\n    error_message = \"x\"\n  }\n}\n\nvariable \"vpc_id\" {\n  description = \"VPC\"\n  type        = string\n}\n";
        let inputs = read_variables(text, "us-east-1", false);
        assert_eq!(inputs.len(), 2);
        assert_eq!(inputs[0].name, "name");
        assert_eq!(inputs[0].description, "Prefix \"x\"");
        assert_eq!(inputs[0].default, "\"current\"");
        assert!(!inputs[0].required);
        assert!(inputs[1].required);
        assert_eq!(
            inputs[1].example.as_deref(),
            Some("\"vpc-0123456789abcdef0\"")
        );
    }

    #[test]
    fn markdown_is_tidied() {
        assert_eq!(tidy_markdown("\n# a  \n\n\n\nb\n\n"), "# a\n\nb\n");
        assert_eq!(markdown_cell("a | b\nc"), "a \\| b c");
    }
}
