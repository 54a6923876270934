//! Resources gathered into the component they implement. A resource the
//! rendered module created says which component it belongs to (its
//! `ArchplanComponent` tag): the component's resources are read together,
//! the way the kind models them (a database with its replicas, alarms and
//! log groups). Any other resource is a component of its own.

use super::TfResource;

/// The tag the rendered module puts on every resource it bills.
pub const COMPONENT_TAG: &str = "ArchplanComponent";

/// What a kind reads from Terraform to build its spec.
#[derive(Debug, Clone)]
pub struct Group<'a> {
    /// The component's name: the tag's value, else the resource's address.
    pub name: String,
    /// The module the resources are in (`module.data.`, or "" for the root).
    pub module: String,
    pub resources: Vec<&'a TfResource>,
    /// Whether the resources say which component they implement: then the
    /// workload drives their usage.
    pub tagged: bool,
}

impl<'a> Group<'a> {
    pub fn of_type(&self, rtype: &'a str) -> impl Iterator<Item = &'a TfResource> + '_ {
        self.resources
            .iter()
            .copied()
            .filter(move |r| r.rtype == rtype)
    }

    /// The first resource, for a group of one.
    pub fn first(&self) -> &'a TfResource {
        self.resources[0]
    }
}

/// The component a resource says it implements.
pub fn component_tag(r: &TfResource) -> Option<&str> {
    tag(r, COMPONENT_TAG)
}

/// The value of tag `name` of a resource, from `tags` or `tags_all`.
pub fn tag<'a>(r: &'a TfResource, name: &str) -> Option<&'a str> {
    ["tags", "tags_all"].iter().find_map(|key| {
        r.values
            .get(*key)
            .and_then(|t| t.get(name))
            .and_then(|v| v.as_str())
    })
}

/// The module prefix of an address: `module.a.module.b.` of
/// `module.a.module.b.aws_lb.x[0]`.
pub fn module_of(address: &str) -> String {
    let mut prefix = String::new();
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        // The module's name, with its index or key when it has one.
        let end = name_end(after);
        let name = &after[..end];
        prefix.push_str("module.");
        prefix.push_str(name);
        prefix.push('.');
        rest = after[end..].trim_start_matches('.');
    }
    prefix
}

/// Where a module name (`db`, `db[0]`, `db["a.b"]`) ends.
fn name_end(s: &str) -> usize {
    let mut in_quotes = false;
    let mut depth = 0;
    for (i, ch) in s.char_indices() {
        match ch {
            '"' => in_quotes = !in_quotes,
            '[' if !in_quotes => depth += 1,
            ']' if !in_quotes => depth -= 1,
            '.' if !in_quotes && depth == 0 => return i,
            _ => {}
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_prefixes_keep_indexes_and_quoted_keys() {
        assert_eq!(module_of("aws_lb.api"), "");
        assert_eq!(module_of("module.data.aws_db_instance.db"), "module.data.");
        assert_eq!(
            module_of("module.a[0].module.b[\"x.y\"].aws_lb.api[1]"),
            "module.a[0].module.b[\"x.y\"]."
        );
    }
}
