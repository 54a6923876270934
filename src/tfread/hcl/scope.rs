//! The names an expression can use in one module (instance) and the
//! evaluation of expressions against them.
//!
//! What cannot be known offline (other resources, data sources, module
//! outputs, variables without a value) is simply not declared, so evaluating
//! an expression that needs it fails, and the value is unknown. Conditionals
//! evaluate only the branch taken, so `var.create ? aws_x.y.id : null` is
//! known when `var.create` is false.

use super::funcs;
use super::refs::{children_mut, references, Reference};
use hcl::eval::{Context, ErrorKind, Evaluate};
use hcl::expr::{Expression, Variable};
use hcl::{Map, Value};
use std::collections::BTreeSet;

/// Why an expression has no known value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Unknown {
    /// It refers to these things that are unknown offline.
    Depends(Vec<Reference>),
    /// It calls a function that is not evaluated offline.
    Function(String),
    /// Evaluation failed for another reason (a type error, a missing key).
    Failed,
}

impl Unknown {
    /// `var.replicas, aws_vpc.main`, or what else made the value unknown.
    pub fn describe(&self) -> String {
        match self {
            Unknown::Depends(refs) => {
                let names: Vec<String> = refs.iter().map(ToString::to_string).collect();
                format!("it depends on {}", names.join(", "))
            }
            Unknown::Function(name) => format!("function {name} is not evaluated offline"),
            Unknown::Failed => "it could not be evaluated offline".into(),
        }
    }
}

#[derive(Clone)]
pub(super) struct Scope {
    ctx: Context<'static>,
    vars: Map<String, Value>,
    locals: Map<String, Value>,
    /// Roots that are declared besides `var` and `local`: `path`,
    /// `terraform`, and `count`/`each` or a dynamic block's iterator where known.
    roots: BTreeSet<String>,
}

/// A name that is never declared: an expression that becomes it is unknown.
const UNKNOWN_MARK: &str = "unknown_offline_value";

impl Scope {
    /// The scope of a module whose folder is `module_path` (`.` for the root).
    pub fn new(vars: Map<String, Value>, module_path: &str) -> Scope {
        let mut ctx = Context::new();
        funcs::declare(&mut ctx);
        let mut path = Map::new();
        for (key, value) in [("module", module_path), ("root", "."), ("cwd", ".")] {
            path.insert(key.to_string(), Value::from(value));
        }
        ctx.declare_var("path", Value::Object(path));
        let mut terraform = Map::new();
        terraform.insert("workspace".to_string(), Value::from("default"));
        ctx.declare_var("terraform", Value::Object(terraform));
        ctx.declare_var("var", Value::Object(vars.clone()));
        ctx.declare_var("local", Value::Object(Map::new()));
        Scope {
            ctx,
            vars,
            locals: Map::new(),
            roots: ["path", "terraform"].map(String::from).into(),
        }
    }

    /// A scope for expressions outside any module: `.tfvars` and `--var`
    /// values, which may call functions but name nothing.
    pub fn constants() -> Scope {
        Scope::new(Map::new(), ".")
    }

    pub fn declare(&mut self, root: &str, value: Value) {
        self.ctx.declare_var(root, value);
        self.roots.insert(root.to_string());
    }

    pub fn set_local(&mut self, name: &str, value: Value) {
        self.locals.insert(name.to_string(), value);
        self.ctx
            .declare_var("local", Value::Object(self.locals.clone()));
    }

    /// The references of `expr` whose value is unknown here.
    pub fn unknown_refs(&self, expr: &Expression) -> Vec<Reference> {
        references(expr)
            .into_iter()
            .filter(|r| !self.knows(r))
            .collect()
    }

    fn knows(&self, r: &Reference) -> bool {
        match (r.root.as_str(), r.attr.as_deref()) {
            ("var", Some(name)) => self.vars.contains_key(name),
            ("local", Some(name)) => self.locals.contains_key(name),
            (root, _) => self.roots.contains(root),
        }
    }

    /// The value of `expr`, when it can be known offline.
    pub fn eval(&self, expr: &Expression) -> Result<Value, Unknown> {
        let mut settled = expr.clone();
        self.settle_try(&mut settled, 0);
        settled
            .evaluate(&self.ctx)
            .map_err(|e| self.why(expr, e.kind()))
    }

    fn why(&self, expr: &Expression, kind: &ErrorKind) -> Unknown {
        let depends = self.unknown_refs(expr);
        if let ErrorKind::UndefinedFunc(name) = kind {
            return Unknown::Function(name.to_string());
        }
        if depends.is_empty() {
            Unknown::Failed
        } else {
            Unknown::Depends(depends)
        }
    }

    /// Replaces each `try(...)` and `can(...)` with its value, trying the
    /// arguments one at a time as Terraform does (hcl evaluates every argument
    /// of a call first, so one failing argument would fail the call). An
    /// argument that depends on something unknown makes the call unknown: its
    /// fallback would be a guess.
    fn settle_try(&self, expr: &mut Expression, depth: usize) {
        // Deeper than any configuration nests; the rest evaluates as written.
        if depth > 64 {
            return;
        }
        if let Expression::FuncCall(call) = expr {
            if call.name.namespace.is_empty() {
                let name = call.name.name.as_str();
                if name == "try" || name == "can" {
                    let is_try = name == "try";
                    for arg in call.args.iter_mut() {
                        self.settle_try(arg, depth + 1);
                    }
                    *expr = self.settled(&call.args, is_try);
                    return;
                }
            }
        }
        for child in children_mut(expr) {
            self.settle_try(child, depth + 1);
        }
    }

    fn settled(&self, args: &[Expression], is_try: bool) -> Expression {
        let unknown = || Expression::Variable(Variable::unchecked(UNKNOWN_MARK));
        for arg in args {
            if !self.unknown_refs(arg).is_empty() {
                return unknown();
            }
            match (arg.evaluate(&self.ctx), is_try) {
                (Ok(value), true) => return Expression::from(value),
                (result, false) => return Expression::Bool(result.is_ok()),
                (Err(_), true) => continue,
            }
        }
        unknown()
    }
}
