//! Reading a folder of `.tf` files offline (`src/tfread/hcl/`): the values
//! Terraform itself would compute, derived here from its semantics, and the
//! errors a user sees for a folder that cannot be read.

mod common;
use archplan::tfread::{read, TfInput, TfResource};
use common::{archplan, line_of, repo};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/tf").join(name)
}

fn fixture_text(rel: &str) -> String {
    std::fs::read_to_string(fixture(rel)).unwrap()
}

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn read_dir(dir: &Path, pairs: &[(&str, &str)]) -> TfInput {
    read(dir, &vars(pairs)).unwrap_or_else(|e| panic!("{} did not read: {e}", dir.display()))
}

fn read_fixture(name: &str, pairs: &[(&str, &str)]) -> TfInput {
    read_dir(&fixture(name), pairs)
}

fn addresses(input: &TfInput) -> Vec<&str> {
    input.resources.iter().map(|r| r.address.as_str()).collect()
}

fn sorted_addresses(input: &TfInput) -> Vec<&str> {
    let mut all = addresses(input);
    all.sort();
    all
}

fn resource<'a>(input: &'a TfInput, address: &str) -> &'a TfResource {
    input
        .resources
        .iter()
        .find(|r| r.address == address)
        .unwrap_or_else(|| panic!("no {address} among {:?}", addresses(input)))
}

fn value<'a>(r: &'a TfResource, key: &str) -> &'a Value {
    r.values
        .get(key)
        .unwrap_or_else(|| panic!("{} has no known {key}: {:?}", r.address, r.values))
}

/// The assumption lines that contain every one of `needles`.
fn assumptions_with<'a>(input: &'a TfInput, needles: &[&str]) -> Vec<&'a str> {
    input
        .assumptions
        .iter()
        .map(String::as_str)
        .filter(|a| needles.iter().all(|n| a.contains(n)))
        .collect()
}

fn assert_assumed(input: &TfInput, needles: &[&str]) {
    assert!(
        !assumptions_with(input, needles).is_empty(),
        "no assumption with {needles:?} among {:#?}",
        input.assumptions
    );
}

/// A throw-away folder holding `files` (name, text).
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// `archplan cost --terraform DIR` with extra arguments.
fn cost(dir: &Path, extra: &[&str]) -> common::Run {
    let dir = dir.to_str().unwrap();
    let mut args = vec!["cost", "--terraform", dir, "--users", "50", "-f", "json"];
    args.extend_from_slice(extra);
    archplan(&args)
}

/// Exit status 2 and one `error:` line on stderr, which is returned.
fn bad_input(run: &common::Run) -> String {
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    let stderr = run.stderr.trim_end();
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr}");
    assert!(run.stdout.is_empty(), "stdout: {}", run.stdout);
    stderr.to_string()
}

// ---------------------------------------------------------------- variables

/// Terraform: default < terraform.tfvars < *.auto.tfvars (in lexical order,
/// even when the name sorts before "terraform") < -var.
#[test]
fn variables_follow_terraforms_precedence() {
    let dir = folder(&[
        (
            "main.tf",
            r#"
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "f" {}

resource "aws_ssm_parameter" "p" {
  a = var.a
  b = var.b
  c = var.c
  d = var.d
  e = var.e
  f = var.f
}
"#,
        ),
        (
            "terraform.tfvars",
            "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\n",
        ),
        ("b.auto.tfvars", "d = \"b-auto\"\ne = \"b-auto\"\n"),
        ("a.auto.tfvars", "c = \"a-auto\"\nd = \"a-auto\"\n"),
        // Not a variables file Terraform loads by itself.
        ("other.tfvars", "a = \"other\"\n"),
    ]);
    let input = read_dir(dir.path(), &[("e", "cli"), ("f", "from-cli")]);
    let p = resource(&input, "aws_ssm_parameter.p");
    assert_eq!(value(p, "a"), "default");
    assert_eq!(value(p, "b"), "tfvars");
    assert_eq!(value(p, "c"), "a-auto");
    assert_eq!(value(p, "d"), "b-auto");
    assert_eq!(value(p, "e"), "cli");
    assert_eq!(value(p, "f"), "from-cli");
    assert!(p.unknown.is_empty(), "{:?}", p.unknown);
    assert!(input.assumptions.is_empty(), "{:?}", input.assumptions);

    // Without --var, e is the last auto.tfvars' and f has no value at all.
    let input = read_dir(dir.path(), &[]);
    let p = resource(&input, "aws_ssm_parameter.p");
    assert_eq!(value(p, "e"), "b-auto");
    assert!(p.is_unknown("f"));
    assert_assumed(&input, &["var.f", "no value"]);
}

/// basic/: env is "dev" by default, "staging" in terraform.tfvars and "prod"
/// in prod.auto.tfvars, which wins; --var wins over all of them.
#[test]
fn basic_env_comes_from_auto_tfvars_and_var_overrides_it() {
    let input = read_fixture("basic", &[]);
    let db = resource(&input, "aws_db_instance.db");
    assert_eq!(value(db, "instance_class"), "db.t4g.large"); // sizes["prod"]
    assert_eq!(value(db, "multi_az"), true);
    let web = resource(&input, "aws_instance.web[0]");
    assert_eq!(value(web, "root_block_device")[0]["volume_size"], 50);

    let input = read_fixture("basic", &[("env", "dev")]);
    let db = resource(&input, "aws_db_instance.db");
    assert_eq!(value(db, "instance_class"), "db.t4g.micro");
    assert_eq!(value(db, "multi_az"), false);
    let web = resource(&input, "aws_instance.web[1]");
    assert_eq!(value(web, "root_block_device")[0]["volume_size"], 20);
    assert_eq!(value(web, "tags")["Name"], "shop-dev-web-02");
    assert_eq!(
        value(resource(&input, "aws_s3_bucket.b[\"logs\"]"), "bucket"),
        "shop-dev-logs"
    );

    // "staging" is not a key of local.sizes: lookup's default.
    let input = read_fixture("basic", &[("env", "staging")]);
    let db = resource(&input, "aws_db_instance.db");
    assert_eq!(value(db, "instance_class"), "db.t4g.small");
}

/// A --var for a number variable is a number: count = "3" from the command
/// line makes three instances, and the tfvars' 2 is overridden.
#[test]
fn var_sets_a_number_and_a_bool() {
    let input = read_fixture(
        "basic",
        &[("instance_count", "3"), ("enable_cache", "true")],
    );
    let web: Vec<&str> = addresses(&input)
        .into_iter()
        .filter(|a| a.starts_with("aws_instance.web"))
        .collect();
    assert_eq!(
        web,
        [
            "aws_instance.web[0]",
            "aws_instance.web[1]",
            "aws_instance.web[2]"
        ]
    );
    let cache = resource(&input, "aws_elasticache_cluster.cache[0]");
    assert_eq!(value(cache, "node_type"), "cache.t4g.micro");
}

/// A variable of type set(string) is a set: its duplicates collapse before
/// any expression sees it (length), whether from a default or --var.
#[test]
fn set_variables_have_no_duplicates() {
    let dir = folder(&[(
        "main.tf",
        r#"
variable "zones" {
  type    = set(string)
  default = ["b", "a", "b"]
}

resource "aws_ssm_parameter" "p" {
  n     = length(var.zones)
  zones = var.zones
}
"#,
    )]);
    let p = resource(&read_dir(dir.path(), &[]), "aws_ssm_parameter.p").clone();
    assert_eq!(value(&p, "n"), 2);
    assert_eq!(value(&p, "zones"), &json!(["a", "b"]));
    let input = read_dir(dir.path(), &[("zones", r#"["c", "c"]"#)]);
    let p = resource(&input, "aws_ssm_parameter.p");
    assert_eq!(value(p, "n"), 1);
    assert_eq!(value(p, "zones"), &json!(["c"]));
}

/// A --var that names no variable is refused, with the name it was likely
/// meant to be.
#[test]
fn var_for_an_undeclared_variable_is_an_error() {
    let err = read(&fixture("basic"), &vars(&[("instance_cont", "3")])).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("instance_cont"), "{text}");
    assert!(text.contains("did you mean instance_count?"), "{text}");
    assert_eq!(err.exit_code(), 2);
}

// ------------------------------------------------------- locals and count

/// Locals refer to each other in any order: tags needs base_tags, declared
/// after it, which needs project; name_prefix needs project and var.env.
#[test]
fn locals_resolve_in_any_order() {
    let input = read_fixture("basic", &[]);
    let web = resource(&input, "aws_instance.web[0]");
    assert_eq!(
        value(web, "tags"),
        &json!({ "Project": "shop", "Env": "prod", "Name": "shop-prod-web-01" })
    );
    assert!(web.unknown.is_empty(), "{:?}", web.unknown);
    assert_eq!(input.region.as_deref(), Some("eu-west-1"));
}

/// count = 2 (from terraform.tfvars) makes web[0] and web[1], with
/// count.index in their values; meta-arguments and lifecycle are not values.
#[test]
fn count_expands_with_count_index() {
    let input = read_fixture("basic", &[]);
    let web: Vec<&TfResource> = input
        .resources
        .iter()
        .filter(|r| r.address.starts_with("aws_instance.web"))
        .collect();
    assert_eq!(web.len(), 2, "{:?}", addresses(&input));
    for (i, r) in web.iter().enumerate() {
        assert_eq!(r.address, format!("aws_instance.web[{i}]"));
        assert_eq!(r.rtype, "aws_instance");
        assert_eq!(
            value(r, "tags")["Name"],
            format!("shop-prod-web-0{}", i + 1)
        );
        assert_eq!(value(r, "instance_type"), "t3.micro");
        assert_eq!(value(r, "ami"), "ami-123");
        assert_eq!(
            value(r, "root_block_device"),
            &json!([{ "volume_size": 50, "volume_type": "gp3" }])
        );
        assert!(!r.values.contains_key("count"));
        assert!(!r.values.contains_key("lifecycle"));
    }
}

/// for_each over a set(string) whose default repeats "logs": one instance
/// per distinct string, keyed by it.
#[test]
fn for_each_over_a_set_collapses_duplicates() {
    let input = read_fixture("basic", &[]);
    let buckets: Vec<&str> = sorted_addresses(&input)
        .into_iter()
        .filter(|a| a.starts_with("aws_s3_bucket."))
        .collect();
    assert_eq!(
        buckets,
        ["aws_s3_bucket.b[\"assets\"]", "aws_s3_bucket.b[\"logs\"]"]
    );
    for key in ["assets", "logs"] {
        let b = resource(&input, &format!("aws_s3_bucket.b[\"{key}\"]"));
        assert_eq!(value(b, "bucket"), &json!(format!("shop-prod-{key}")));
        assert!(!b.values.contains_key("for_each"));
    }
}

/// for_each over a map: each.key is the key, each.value the object.
#[test]
fn for_each_over_a_map_gives_each_key_and_value() {
    let input = read_fixture("basic", &[]);
    let orders = resource(&input, "aws_sqs_queue.q[\"orders\"]");
    assert_eq!(value(orders, "name"), "ORDERS");
    assert_eq!(value(orders, "delay_seconds"), 5);
    let emails = resource(&input, "aws_sqs_queue.q[\"emails\"]");
    assert_eq!(value(emails, "name"), "EMAILS");
    assert_eq!(value(emails, "delay_seconds"), 0);
    let queues = addresses(&input)
        .into_iter()
        .filter(|a| a.starts_with("aws_sqs_queue."))
        .count();
    assert_eq!(queues, 2);
}

/// enable_cache defaults to false: count = 0, no instance at all; data
/// sources and outputs are not resources.
#[test]
fn count_zero_leaves_no_resource() {
    let input = read_fixture("basic", &[]);
    assert!(
        !addresses(&input)
            .iter()
            .any(|a| a.contains("elasticache") || a.contains("aws_ami") || a.contains("web_ids")),
        "{:?}",
        addresses(&input)
    );
    assert_eq!(
        sorted_addresses(&input),
        [
            "aws_db_instance.db",
            "aws_instance.web[0]",
            "aws_instance.web[1]",
            "aws_s3_bucket.b[\"assets\"]",
            "aws_s3_bucket.b[\"logs\"]",
            "aws_sqs_queue.q[\"emails\"]",
            "aws_sqs_queue.q[\"orders\"]",
            "aws_ssm_parameter.functions",
        ]
    );
}

/// lookup, max, try and can on aws_db_instance.db, with env = "prod" and
/// storage_gb = 30 (terraform.tfvars).
#[test]
fn lookup_max_try_can_on_the_db() {
    let input = read_fixture("basic", &[]);
    let db = resource(&input, "aws_db_instance.db");
    assert_eq!(value(db, "instance_class"), "db.t4g.large");
    // max(30, length(["assets", "logs"]) * 10 = 20)
    assert_eq!(value(db, "allocated_storage"), 30);
    assert_eq!(db.u64("allocated_storage"), Some(30));
    // local.sizes has no "missing": try falls back, can is false.
    assert_eq!(value(db, "username"), "admin");
    assert_eq!(value(db, "port"), 5432);
    assert_eq!(value(db, "engine"), "postgres");
    assert!(db.unknown.is_empty(), "{:?}", db.unknown);

    // The other side of max: max(5, 20).
    let input = read_fixture("basic", &[("storage_gb", "5")]);
    let db = resource(&input, "aws_db_instance.db");
    assert_eq!(value(db, "allocated_storage"), 20);
}

/// Every function of basic/functions.tf, with the value Terraform gives.
#[test]
fn every_function_of_functions_tf() {
    let input = read_fixture("basic", &[]);
    let f = resource(&input, "aws_ssm_parameter.functions");
    let expected = [
        ("name", json!("functions")),
        ("type", json!("String")),
        ("concat", json!(["a", "b", "c"])),
        // Characters, not bytes.
        ("length", json!(5)),
        ("min", json!(1)),
        // coalesce skips null and "".
        ("coalesce", json!("first")),
        ("tostring", json!("42")),
        ("tonumber", json!(2.5)),
        ("tobool", json!(true)),
        // A set of strings, shown sorted.
        ("toset", json!(["a", "b"])),
        ("tolist", json!(["x"])),
        ("tomap", json!({ "k": "v" })),
        // element wraps around: index 4 of 3 is 1.
        ("element", json!("b")),
        ("contains", json!(true)),
        // Map keys are ordered lexically, and values follow them.
        ("keys", json!(["a", "z"])),
        ("values", json!([2, 1])),
        ("join", json!("a,b")),
        ("split", json!(["a", "b", "c"])),
        ("lower", json!("abc")),
        ("replace", json!("a_b_c")),
        ("ceil", json!(2)),
        ("floor", json!(1)),
        ("abs", json!(3)),
        ("for_list", json!(["A"])),
        ("for_map", json!({ "a": 10, "b": 20 })),
        ("template", json!("x;y;")),
        // <<- strips the common indentation; the text ends with a newline.
        ("heredoc", json!("env=prod\n")),
        // 7 % 4 + 10 / 4: Terraform's division is not integer division.
        ("math", json!(5.5)),
    ];
    for (key, want) in &expected {
        assert_eq!(value(f, key), want, "{key}");
    }
    assert_eq!(f.values.len(), expected.len(), "{:?}", f.values);
    assert_eq!(f.location.as_deref(), Some("functions.tf:1"));

    // sha256 is not evaluated offline: unknown, and said so.
    assert_eq!(f.unknown, ["unknown_function"]);
    assert!(!f.values.contains_key("unknown_function"));
    assert_assumed(&input, &["sha256", "not evaluated offline"]);
}

/// Of the two aws providers, the one without an alias gives the region,
/// through a local.
#[test]
fn basic_region_is_the_default_providers() {
    assert_eq!(
        read_fixture("basic", &[]).region.as_deref(),
        Some("eu-west-1")
    );
}

/// Each resource's location is the file and line of its block, as the
/// fixture's text says.
#[test]
fn locations_are_the_lines_of_the_blocks() {
    let input = read_fixture("basic", &[]);
    let main = fixture_text("basic/main.tf");
    let functions = fixture_text("basic/functions.tf");
    let at = |text: &str, file: &str, header: &str| format!("{file}:{}", line_of(text, header, 0));
    let cases = [
        (
            "aws_instance.web[0]",
            at(&main, "main.tf", "resource \"aws_instance\" \"web\""),
        ),
        (
            "aws_instance.web[1]",
            at(&main, "main.tf", "resource \"aws_instance\" \"web\""),
        ),
        (
            "aws_s3_bucket.b[\"logs\"]",
            at(&main, "main.tf", "resource \"aws_s3_bucket\" \"b\""),
        ),
        (
            "aws_sqs_queue.q[\"orders\"]",
            at(&main, "main.tf", "resource \"aws_sqs_queue\" \"q\""),
        ),
        (
            "aws_db_instance.db",
            at(&main, "main.tf", "resource \"aws_db_instance\" \"db\""),
        ),
        (
            "aws_ssm_parameter.functions",
            at(
                &functions,
                "functions.tf",
                "resource \"aws_ssm_parameter\" \"functions\"",
            ),
        ),
    ];
    for (address, want) in cases {
        assert_eq!(
            resource(&input, address).location.as_deref(),
            Some(want.as_str()),
            "{address}"
        );
    }
    assert_eq!(
        resource(&input, "aws_instance.web[0]").location.as_deref(),
        Some("main.tf:24")
    );
    assert_eq!(
        resource(&input, "aws_instance.web[0]").label(),
        "aws_instance.web[0] (main.tf:24)"
    );

    // In a module, the file is relative to the folder given.
    let input = read_fixture("modules", &[]);
    let cache = fixture_text("modules/modules/cache/main.tf");
    let want = format!(
        "modules/cache/main.tf:{}",
        line_of(&cache, "resource \"aws_elasticache_cluster\" \"this\"", 0)
    );
    let got = resource(&input, "module.cache[\"a\"].aws_elasticache_cluster.this");
    assert_eq!(got.location.as_deref(), Some(want.as_str()));
    let params = fixture_text("modules/modules/params/main.tf");
    let want = format!(
        "modules/params/main.tf:{}",
        line_of(&params, "resource \"aws_db_parameter_group\" \"this\"", 0)
    );
    let got = resource(
        &input,
        "module.db.module.params.aws_db_parameter_group.this",
    );
    assert_eq!(got.location.as_deref(), Some(want.as_str()));
}

// ------------------------------------------------------------------ modules

/// Local modules, with for_each and count, nested, give addresses under
/// module.NAME[KEY]; the remote one gives none.
#[test]
fn local_modules_expand_for_each_and_count() {
    let input = read_fixture("modules", &[]);
    assert_eq!(
        sorted_addresses(&input),
        [
            "module.app[0].aws_instance.this",
            "module.app[1].aws_instance.this",
            "module.cache[\"a\"].aws_elasticache_cluster.this",
            "module.cache[\"b\"].aws_elasticache_cluster.this",
            "module.db.aws_db_instance.this",
            "module.db.module.params.aws_db_parameter_group.this",
        ]
    );
    let a = resource(&input, "module.cache[\"a\"].aws_elasticache_cluster.this");
    assert_eq!(value(a, "node_type"), "cache.t4g.small");
    assert_eq!(value(a, "num_cache_nodes"), 1);
    let b = resource(&input, "module.cache[\"b\"].aws_elasticache_cluster.this");
    assert_eq!(value(b, "node_type"), "cache.m7g.large");
    assert_eq!(b.rtype, "aws_elasticache_cluster");

    assert_eq!(
        value(
            resource(&input, "module.app[0].aws_instance.this"),
            "instance_type"
        ),
        "t3.small"
    );
    assert_eq!(
        value(
            resource(&input, "module.app[1].aws_instance.this"),
            "instance_type"
        ),
        "t3.medium"
    );
}

/// A module's arguments set its variables, its defaults fill the rest, and
/// path.module is the module's folder relative to the root.
#[test]
fn module_arguments_defaults_and_path_module() {
    let input = read_fixture("modules", &[]);
    let db = resource(&input, "module.db.aws_db_instance.this");
    assert_eq!(value(db, "identifier"), "orders-db");
    assert_eq!(value(db, "instance_class"), "db.r6g.large");
    assert_eq!(value(db, "allocated_storage"), 100);
    assert!(db.unknown.is_empty(), "{:?}", db.unknown);
    let params = resource(
        &input,
        "module.db.module.params.aws_db_parameter_group.this",
    );
    assert_eq!(value(params, "family"), "postgres16");
    assert_eq!(value(params, "name"), "modules/params");
}

/// A registry module is not read: no resources from it, an assumption that
/// names its source, and what uses its outputs is unknown. A variable the
/// call does not set (app's disk) has no value, and is said to.
#[test]
fn remote_module_outputs_are_unknown() {
    let input = read_fixture("modules", &[]);
    assert!(!addresses(&input)
        .iter()
        .any(|a| a.starts_with("module.vpc")));
    assert_assumed(
        &input,
        &[
            "module.vpc",
            "\"terraform-aws-modules/vpc/aws\"",
            "not read",
        ],
    );
    for i in 0..2 {
        let app = resource(&input, &format!("module.app[{i}].aws_instance.this"));
        assert!(app.is_unknown("subnet_id"), "{:?}", app.unknown);
        assert!(!app.values.contains_key("subnet_id"));
        // subnet is given, though unknown: not "no value given".
        assert!(assumptions_with(&input, &[&format!("module.app[{i}].var.subnet")]).is_empty());
        // disk is given nowhere.
        assert!(app.is_unknown("root_block_device"), "{:?}", app.unknown);
        assert_assumed(&input, &[&format!("module.app[{i}].var.disk"), "no value"]);
    }
}

/// The provider's region from a variable's default, and --var overriding it.
#[test]
fn modules_region_comes_from_a_variable() {
    assert_eq!(
        read_fixture("modules", &[]).region.as_deref(),
        Some("us-east-2")
    );
    assert_eq!(
        read_fixture("modules", &[("region", "eu-central-1")])
            .region
            .as_deref(),
        Some("eu-central-1")
    );
}

/// A module that sources its own folder is a clear error at the module block.
#[test]
fn module_cycle_is_an_error() {
    let err = read(&fixture("cycle"), &[]).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("module.again"), "{text}");
    assert!(text.contains("\"./\""), "{text}");
    assert!(text.contains("cannot include themselves"), "{text}");
    assert!(text.contains("main.tf:1"), "{text}");
    assert!(!text.contains('\n'), "{text}");
    assert_eq!(err.exit_code(), 2);
}

// ----------------------------------------------------------------- unknowns

/// Variables without a value, other resources' attributes and data sources
/// are unknown, per attribute, with the known ones still read.
#[test]
fn unknown_values_are_listed_per_attribute() {
    let input = read_fixture("unknowns", &[]);
    assert_assumed(&input, &["var.vpc_cidr", "no value given"]);
    assert_assumed(&input, &["var.replicas", "no value given"]);

    let vpc = resource(&input, "aws_vpc.main");
    assert_eq!(vpc.unknown, ["cidr_block"]);
    assert_eq!(value(vpc, "enable_dns_hostnames"), true);

    let subnet = resource(&input, "aws_subnet.a");
    let mut unknown = subnet.unknown.clone();
    unknown.sort();
    assert_eq!(unknown, ["availability_zone", "vpc_id"]);
    assert_eq!(value(subnet, "cidr_block"), "10.0.1.0/24");

    // try() with an unknown first argument is unknown, not its fallback.
    let sg = resource(&input, "aws_security_group.sg");
    let mut unknown = sg.unknown.clone();
    unknown.sort();
    assert_eq!(unknown, ["name", "vpc_id"]);

    // The branch not taken may name another resource: still known.
    let r = resource(&input, "aws_route53_record.r");
    assert_eq!(value(r, "ttl"), 300);
    assert_eq!(r.unknown, ["records"]);

    let text = fixture_text("unknowns/main.tf");
    let want = format!(
        "main.tf:{}",
        line_of(&text, "resource \"aws_vpc\" \"main\"", 0)
    );
    assert_eq!(vpc.location.as_deref(), Some(want.as_str()));
}

/// count = var.replicas, which has no value: read as one instance, said in
/// an assumption; a nested block with an unknown part keeps its known parts.
#[test]
fn unknown_count_is_read_as_one_and_said() {
    let input = read_fixture("unknowns", &[]);
    assert_assumed(&input, &["aws_instance.app", "count", "var.replicas"]);
    let app: Vec<&str> = addresses(&input)
        .into_iter()
        .filter(|a| a.starts_with("aws_instance.app"))
        .collect();
    assert_eq!(app, ["aws_instance.app[0]"]);
    let app = resource(&input, "aws_instance.app[0]");
    assert_eq!(value(app, "instance_type"), "t3.small");
    let mut unknown = app.unknown.clone();
    unknown.sort();
    assert_eq!(unknown, ["ami", "ebs_block_device", "user_data"]);
    assert_eq!(
        value(app, "ebs_block_device"),
        &json!([{ "volume_size": 10 }])
    );
    assert_assumed(&input, &["templatefile", "not evaluated offline"]);

    // Given a value, count is known and nothing is assumed about it.
    let input = read_fixture(
        "unknowns",
        &[("replicas", "2"), ("vpc_cidr", "10.0.0.0/16")],
    );
    assert!(
        assumptions_with(&input, &["count"]).is_empty(),
        "{:?}",
        input.assumptions
    );
    assert_eq!(
        value(resource(&input, "aws_vpc.main"), "cidr_block"),
        "10.0.0.0/16"
    );
    assert_eq!(
        value(resource(&input, "aws_instance.app[1]"), "instance_type"),
        "t3.micro"
    );
}

/// for_each over another resource's ids cannot be known offline: pricing
/// goes on with one instance, and a one-line assumption says so.
#[test]
fn for_each_over_an_unknown_is_an_assumption() {
    let input = read_fixture("unknowns", &[]);
    let lines = assumptions_with(&input, &["aws_eip.ip", "for_each", "aws_instance.app"]);
    assert_eq!(lines.len(), 1, "{:#?}", input.assumptions);
    assert!(!lines[0].contains('\n'));
    let eips: Vec<&TfResource> = input
        .resources
        .iter()
        .filter(|r| r.rtype == "aws_eip")
        .collect();
    assert_eq!(eips.len(), 1);
    assert_eq!(value(eips[0], "domain"), "vpc");
    assert!(eips[0].is_unknown("instance"), "{:?}", eips[0].unknown);
}

/// dynamic "ingress" over [80, 443]: two ingress blocks, ingress.value in each.
#[test]
fn dynamic_blocks_expand() {
    let input = read_fixture("unknowns", &[]);
    let sg = resource(&input, "aws_security_group.sg");
    assert_eq!(
        value(sg, "ingress"),
        &json!([
            { "from_port": 80, "to_port": 80, "protocol": "tcp" },
            { "from_port": 443, "to_port": 443, "protocol": "tcp" },
        ])
    );
    assert!(!sg.values.contains_key("dynamic"));
    assert!(!sg.is_unknown("ingress"));
}

// -------------------------------------------------------------- rendered

/// The module archplan renders reads without error, and its database's
/// instance class is the one rds.tf writes.
#[test]
fn rendered_module_reads() {
    let input = read_fixture("rendered-all-aws-500", &[]);
    let rds = fixture_text("rendered-all-aws-500/rds.tf");
    let block = &rds[rds
        .find("resource \"aws_db_instance\" \"database\"")
        .unwrap()..];
    let line = block
        .lines()
        .find(|l| l.trim_start().starts_with("instance_class"))
        .unwrap();
    let class = line.split('"').nth(1).unwrap();
    assert!(class.starts_with("db."), "{line}");

    let db = resource(&input, "aws_db_instance.database");
    assert_eq!(value(db, "instance_class"), class);
    assert_eq!(value(db, "multi_az"), true);
    assert_eq!(value(db, "allocated_storage"), 200);
    // var.name defaults to "all-aws".
    assert_eq!(value(db, "identifier"), "all-aws-db");
    let want = format!(
        "rds.tf:{}",
        line_of(&rds, "resource \"aws_db_instance\" \"database\"", 0)
    );
    assert_eq!(db.location.as_deref(), Some(want.as_str()));
    assert!(db.is_unknown("db_subnet_group_name"));

    let replica = resource(&input, "aws_db_instance.replica[0]");
    assert_eq!(value(replica, "identifier"), "all-aws-db-replica-1");
    // No provider block: the caller's region is not known here.
    assert_eq!(input.region, None);
}

// ------------------------------------------------------------------ errors

#[test]
fn folder_without_tf_files_is_an_error() {
    let dir = folder(&[
        ("README.md", "nothing here\n"),
        ("terraform.tfvars", "a = 1\n"),
    ]);
    let err = read(dir.path(), &[]).unwrap_err();
    assert!(err.to_string().contains("no .tf files"), "{err}");
    assert_eq!(err.exit_code(), 2);

    let stderr = bad_input(&cost(dir.path(), &[]));
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("no .tf files"), "{stderr}");
}

/// A syntax error names file:line:column, on one line, exit 2.
#[test]
fn syntax_error_names_file_line_and_column() {
    let text =
        "resource \"aws_instance\" \"a\" {\n  ami = \"x\"\n  instance_type = = \"t3.micro\"\n}\n";
    let dir = folder(&[("ok.tf", "locals {\n  a = 1\n}\n"), ("main.tf", text)]);
    let err = read(dir.path(), &[]).unwrap_err();
    let location = err.location.clone().expect("a location");
    assert!(location.file.ends_with("main.tf"), "{err}");
    assert_eq!(location.line, 3, "{err}");
    assert_eq!(err.exit_code(), 2);

    // The second "=" of line 3, 1-based.
    let column = text.lines().nth(2).unwrap().find("= =").unwrap() + 3;
    assert_eq!(location.column, column, "{err}");

    let stderr = bad_input(&cost(dir.path(), &[]));
    let at = format!("main.tf:3:{column}: not valid HCL");
    assert!(stderr.contains(&at), "{stderr}");
}

#[test]
fn file_not_utf8_is_an_error() {
    let dir = folder(&[("main.tf", "locals {\n  a = 1\n}\n")]);
    std::fs::write(dir.path().join("latin1.tf"), b"# caf\xe9\nlocals {}\n").unwrap();
    let err = read(dir.path(), &[]).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("latin1.tf"), "{text}");
    assert!(text.contains("not UTF-8"), "{text}");
    assert_eq!(err.exit_code(), 2);
}

#[test]
fn var_without_equals_is_a_usage_error() {
    let stderr = bad_input(&cost(&fixture("basic"), &["--var", "env"]));
    assert!(stderr.contains("\"env\" is not name=value"), "{stderr}");
}

#[test]
fn module_cycle_exits_2() {
    let stderr = bad_input(&cost(&fixture("cycle"), &[]));
    assert!(stderr.contains("module.again"), "{stderr}");
    assert!(stderr.contains("main.tf:1"), "{stderr}");
}
