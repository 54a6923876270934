//! What an expression refers to (`var.x`, `local.y`, `aws_vpc.main`), so the
//! reader can tell, before it trusts an evaluation, whether the expression
//! depends on something offline reading cannot know.

use hcl::expr::{Expression, ObjectKey, Operation, TraversalOperator};
use hcl::template::{Directive, Element, Template};

/// A root name and, when the expression goes on with `.name`, that name:
/// `var.db_password` is `("var", Some("db_password"))`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reference {
    pub root: String,
    pub attr: Option<String>,
}

impl std::fmt::Display for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.attr {
            Some(attr) => write!(f, "{}.{attr}", self.root),
            None => f.write_str(&self.root),
        }
    }
}

/// Every reference in `expr`, in the order written, leaving out the names a
/// for-expression binds inside it.
pub(super) fn references(expr: &Expression) -> Vec<Reference> {
    let mut walker = Walker::default();
    walker.expr(expr);
    walker.found
}

#[derive(Default)]
struct Walker {
    bound: Vec<String>,
    found: Vec<Reference>,
}

impl Walker {
    fn push(&mut self, root: &str, attr: Option<&str>) {
        if self.bound.iter().any(|b| b == root) {
            return;
        }
        let reference = Reference {
            root: root.to_string(),
            attr: attr.map(str::to_string),
        };
        if !self.found.contains(&reference) {
            self.found.push(reference);
        }
    }

    fn expr(&mut self, expr: &Expression) {
        match expr {
            Expression::Variable(v) => self.push(v.as_str(), None),
            Expression::Traversal(t) => {
                match &t.expr {
                    Expression::Variable(v) => {
                        let attr = match t.operators.first() {
                            Some(TraversalOperator::GetAttr(name)) => Some(name.as_str()),
                            _ => None,
                        };
                        self.push(v.as_str(), attr);
                    }
                    other => self.expr(other),
                }
                for op in &t.operators {
                    if let TraversalOperator::Index(index) = op {
                        self.expr(index);
                    }
                }
            }
            Expression::Array(items) => items.iter().for_each(|e| self.expr(e)),
            Expression::Object(object) => {
                for (key, value) in object {
                    if let ObjectKey::Expression(key) = key {
                        self.expr(key);
                    }
                    self.expr(value);
                }
            }
            Expression::TemplateExpr(t) => {
                if let Ok(template) = Template::from_expr(t) {
                    self.template(&template);
                }
            }
            Expression::FuncCall(call) => call.args.iter().for_each(|e| self.expr(e)),
            Expression::Parenthesis(inner) => self.expr(inner),
            Expression::Conditional(c) => {
                self.expr(&c.cond_expr);
                self.expr(&c.true_expr);
                self.expr(&c.false_expr);
            }
            Expression::Operation(op) => match op.as_ref() {
                Operation::Unary(u) => self.expr(&u.expr),
                Operation::Binary(b) => {
                    self.expr(&b.lhs_expr);
                    self.expr(&b.rhs_expr);
                }
            },
            Expression::ForExpr(f) => {
                self.expr(&f.collection_expr);
                let names: Vec<String> = f
                    .key_var
                    .iter()
                    .chain([&f.value_var])
                    .map(|n| n.to_string())
                    .collect();
                self.within(names, |w| {
                    f.key_expr.iter().for_each(|e| w.expr(e));
                    w.expr(&f.value_expr);
                    f.cond_expr.iter().for_each(|e| w.expr(e));
                });
            }
            _ => {}
        }
    }

    fn within(&mut self, names: Vec<String>, walk: impl FnOnce(&mut Self)) {
        let depth = self.bound.len();
        self.bound.extend(names);
        walk(self);
        self.bound.truncate(depth);
    }

    fn template(&mut self, template: &Template) {
        for element in template.elements() {
            match element {
                Element::Literal(_) => {}
                Element::Interpolation(i) => self.expr(&i.expr),
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => {
                        self.expr(&d.cond_expr);
                        self.template(&d.true_template);
                        d.false_template.iter().for_each(|t| self.template(t));
                    }
                    Directive::For(d) => {
                        self.expr(&d.collection_expr);
                        let names: Vec<String> = d
                            .key_var
                            .iter()
                            .chain([&d.value_var])
                            .map(|n| n.to_string())
                            .collect();
                        self.within(names, |w| w.template(&d.template));
                    }
                },
            }
        }
    }
}

/// The sub-expressions of `expr` that are evaluated in the same scope as it
/// (not the bodies of for-expressions, which bind names of their own).
pub(super) fn children_mut(expr: &mut Expression) -> Vec<&mut Expression> {
    match expr {
        Expression::Array(items) => items.iter_mut().collect(),
        Expression::Object(object) => object.values_mut().collect(),
        Expression::Traversal(t) => {
            let mut out = vec![&mut t.expr];
            for op in t.operators.iter_mut() {
                if let TraversalOperator::Index(index) = op {
                    out.push(index);
                }
            }
            out
        }
        Expression::FuncCall(call) => call.args.iter_mut().collect(),
        Expression::Parenthesis(inner) => vec![inner.as_mut()],
        Expression::Conditional(c) => {
            let c = c.as_mut();
            vec![&mut c.cond_expr, &mut c.true_expr, &mut c.false_expr]
        }
        Expression::Operation(op) => match op.as_mut() {
            Operation::Unary(u) => vec![&mut u.expr],
            Operation::Binary(b) => vec![&mut b.lhs_expr, &mut b.rhs_expr],
        },
        Expression::ForExpr(f) => vec![&mut f.collection_expr],
        _ => Vec::new(),
    }
}
