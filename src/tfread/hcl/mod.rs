//! A folder of `.tf` files, evaluated offline: variables (defaults, `.tfvars`,
//! `--var`), locals, `count`/`for_each`, conditionals, for-expressions,
//! templates and the common functions, and local modules read recursively.
//! What cannot be known without terraform (other resources' attributes, data
//! sources, remote modules) is left unknown and said so, never guessed.

mod body;
mod files;

mod funcs;
mod instances;
mod notes;
mod refs;
mod scope;
mod vars;

use super::{TfInput, TfResource};
use crate::error::Result;
use files::{folder_blocks, join_rel, SourceBlock};
use hcl::{Map, Value};
use notes::Notes;
use scope::Scope;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Modules nest this deep at most; deeper is taken for a mistake.
const MAX_MODULE_DEPTH: usize = 16;
/// More resource instances than this in one configuration is not read.
const MAX_RESOURCES: usize = 100_000;

pub fn read_folder(dir: &Path, vars: &[(String, String)]) -> Result<TfInput> {
    let mut reader = Reader {
        resources: Vec::new(),
        region: None,
        notes: Notes::default(),
        reading: Vec::new(),
    };
    reader.read_module(
        Module {
            dir: dir.to_path_buf(),
            rel: String::new(),
            prefix: String::new(),
        },
        Given::Root(vars),
    )?;
    Ok(TfInput {
        source: dir.display().to_string(),
        region: reader.region,
        resources: reader.resources,
        assumptions: reader.notes.into_lines(),
    })
}

struct Reader {
    resources: Vec<TfResource>,
    region: Option<String>,
    notes: Notes,
    /// The folders being read, outermost first: a module that sources one of
    /// them is a cycle.
    reading: Vec<PathBuf>,
}

/// One module instance to read.
struct Module {
    dir: PathBuf,
    /// `dir` relative to the folder given, `/`-separated (empty for it).
    rel: String,
    /// `module.db.` or `module.app["eu"].`: what its addresses start with.
    prefix: String,
}

/// Where a module's variables get their values.
enum Given<'a> {
    /// The root: `.tfvars` files and `--var`.
    Root(&'a [(String, String)]),
    /// A module block's arguments, and the names of those that are unknown.
    Arguments(Map<String, Value>, BTreeSet<String>),
}

impl Reader {
    fn read_module(&mut self, module: Module, given: Given) -> Result<()> {
        let canonical = module.dir.canonicalize().unwrap_or(module.dir.clone());
        self.reading.push(canonical);
        let read = self.read_module_blocks(&module, given);
        self.reading.pop();
        read
    }

    fn read_module_blocks(&mut self, module: &Module, given: Given) -> Result<()> {
        let blocks = folder_blocks(&module.dir, &module.rel)?;
        let declared = vars::declarations(&blocks);
        let (given, unknown_given) = match given {
            Given::Root(cli) => (
                vars::root_given(&module.dir, &declared, cli)?,
                BTreeSet::new(),
            ),
            Given::Arguments(known, unknown) => (known, unknown),
        };
        let (known, missing) = vars::resolve(&declared, &given, &unknown_given);
        for name in missing {
            self.notes.assume(format!(
                "{}var.{name}: no value given; resources that use it have it unknown",
                module.prefix
            ));
        }
        let path = if module.rel.is_empty() {
            "."
        } else {
            &module.rel
        };
        let mut scope = Scope::new(known, path);
        resolve_locals(&mut scope, &blocks, &mut self.notes);
        if module.prefix.is_empty() {
            self.region = region(&blocks, &scope);
        }
        for block in &blocks {
            match block.kind() {
                "resource" => self.read_resource(block, &scope, &module.prefix)?,
                "module" => self.read_module_call(block, &scope, module)?,
                _ => {}
            }
        }
        Ok(())
    }

    fn read_resource(&mut self, block: &SourceBlock, scope: &Scope, prefix: &str) -> Result<()> {
        let (Some(rtype), Some(name)) = (block.label(0), block.label(1)) else {
            return Err(block.error("resource block without a type and a name; expected resource \"TYPE\" \"NAME\" { ... }"));
        };
        let address = format!("{prefix}{rtype}.{name}");
        for instance in instances::expand(block, scope, &address, &mut self.notes)? {
            let read = body::resource_values(&block.block.body, &instance.scope, &mut self.notes);
            if self.resources.len() >= MAX_RESOURCES {
                return Err(block.error(format!(
                    "more than {MAX_RESOURCES} resource instances; expected a configuration of a size terraform plans"
                )));
            }
            self.resources.push(TfResource {
                address: format!("{address}{}", instance.key),
                rtype: rtype.to_string(),
                values: read.values,
                unknown: read.unknown,
                location: Some(block.location()),
                refs: read
                    .refs
                    .into_iter()
                    .map(|(k, v)| {
                        let v = v
                            .into_iter()
                            .map(|a| crate::tfread::base_address(&format!("{prefix}{a}")))
                            .collect();
                        (k, v)
                    })
                    .collect(),
            });
        }
        Ok(())
    }

    fn read_module_call(
        &mut self,
        block: &SourceBlock,
        scope: &Scope,
        caller: &Module,
    ) -> Result<()> {
        let Some(name) = block.label(0) else {
            return Err(
                block.error("module block without a name; expected module \"NAME\" { ... }")
            );
        };
        let address = format!("{}module.{name}", caller.prefix);
        let source = attribute(block, "source").and_then(|e| scope.eval(e).ok());
        let Some(Value::String(source)) = source else {
            return Err(block.error(format!(
                "{address}: expected source = \"./path\" or a registry address"
            )));
        };
        if !(source.starts_with("./") || source.starts_with("../")) {
            self.notes.assume(format!(
                "{address}: remote module source \"{source}\" is not read"
            ));
            return Ok(());
        }
        let dir = caller.dir.join(&source);
        if !dir.is_dir() {
            return Err(block.error(format!("{address}: source \"{source}\" is not a folder")));
        }
        let canonical = dir.canonicalize().unwrap_or(dir.clone());
        if self.reading.contains(&canonical) {
            return Err(block.error(format!("{address}: source \"{source}\" is a folder already being read; modules cannot include themselves")));
        }
        if self.reading.len() >= MAX_MODULE_DEPTH {
            return Err(block.error(format!(
                "{address}: modules nest more than {MAX_MODULE_DEPTH} deep"
            )));
        }
        let rel = join_rel(&caller.rel, &source);
        for instance in instances::expand(block, scope, &address, &mut self.notes)? {
            let given = module_arguments(block, &instance.scope, &mut self.notes);
            let module = Module {
                dir: dir.clone(),
                rel: rel.clone(),
                prefix: format!("{address}{}.", instance.key),
            };
            self.read_module(module, given)?;
        }
        Ok(())
    }
}

/// Arguments of a module block that are not module variables.
const MODULE_META: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "providers",
    "depends_on",
];

fn module_arguments(block: &SourceBlock, scope: &Scope, notes: &mut Notes) -> Given<'static> {
    let mut known = Map::new();
    let mut unknown = BTreeSet::new();
    for attr in block.block.body.attributes() {
        let key = attr.key.as_str();
        if MODULE_META.contains(&key) {
            continue;
        }
        match scope.eval(&attr.expr) {
            Ok(value) => {
                known.insert(key.to_string(), value);
            }
            Err(why) => {
                notes.saw(&why);
                unknown.insert(key.to_string());
            }
        }
    }
    Given::Arguments(known, unknown)
}

fn attribute<'a>(block: &'a SourceBlock, key: &str) -> Option<&'a hcl::Expression> {
    block
        .block
        .body
        .attributes()
        .find(|a| a.key.as_str() == key)
        .map(|a| &a.expr)
}

/// Evaluates the `locals` of a module. Locals may refer to each other in any
/// order, so each round evaluates those whose locals are all settled, until a
/// round settles none; what is left (a cycle) is unknown.
fn resolve_locals(scope: &mut Scope, blocks: &[SourceBlock], notes: &mut Notes) {
    let mut pending: Vec<(String, &hcl::Expression)> = blocks
        .iter()
        .filter(|b| b.kind() == "locals")
        .flat_map(|b| b.block.body.attributes())
        .map(|a| (a.key.as_str().to_string(), &a.expr))
        .collect();
    loop {
        let unsettled: Vec<String> = pending.iter().map(|(n, _)| n.clone()).collect();
        let before = pending.len();
        let mut waiting = Vec::new();
        for (name, expr) in std::mem::take(&mut pending) {
            match scope.eval(expr) {
                Ok(value) => scope.set_local(&name, value),
                Err(_) if waits_on(scope, expr, &unsettled) => waiting.push((name, expr)),
                Err(why) => notes.saw(&why),
            }
        }
        pending = waiting;
        if pending.len() == before || pending.is_empty() {
            break;
        }
    }
}

fn waits_on(scope: &Scope, expr: &hcl::Expression, unsettled: &[String]) -> bool {
    scope
        .unknown_refs(expr)
        .iter()
        .any(|r| r.root == "local" && r.attr.as_ref().is_some_and(|a| unsettled.contains(a)))
}

/// The region of the root's default `provider "aws"` block, when known.
fn region(blocks: &[SourceBlock], scope: &Scope) -> Option<String> {
    let mut providers: Vec<&SourceBlock> = blocks
        .iter()
        .filter(|b| b.kind() == "provider" && b.label(0) == Some("aws"))
        .collect();
    // The provider without an alias is the one resources use by default.
    providers.sort_by_key(|b| attribute(b, "alias").is_some());
    let region = attribute(providers.first()?, "region")?;
    match scope.eval(region) {
        Ok(Value::String(s)) => Some(s),
        _ => None,
    }
}
