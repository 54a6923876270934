//! `archplan render terraform`, end to end through the binary: the rendered
//! modules (snapshots), and the rules that keep a user's files safe.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs archplan on its built-in data (`--builtin`: the repository's own
/// ./profiles and ./pricing-data would be found otherwise).
fn archplan(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_archplan"))
        .arg("--builtin")
        .args(args)
        .env_remove("ARCHPLAN_PROFILES")
        .env_remove("ARCHPLAN_PRICING")
        .output()
        .expect("the archplan binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn render(out: &Path, extra: &[&str]) -> Run {
    let out = out.to_str().unwrap();
    let mut args = vec!["render", "terraform", "--out", out];
    args.extend_from_slice(extra);
    archplan(&args)
}

/// Every file of a folder (hidden ones too), by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                out.insert(
                    e.file_name().to_string_lossy().into_owned(),
                    fs::read(e.path()).unwrap(),
                );
            }
        }
    }
    out
}

fn action_of(stdout: &str, file: &str) -> Option<String> {
    stdout.lines().find_map(|l| {
        let mut words = l.split_whitespace();
        let action = words.next()?;
        (words.next()? == file).then(|| action.to_string())
    })
}

fn one_line(stderr: &str) -> &str {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "expected a one-line error, got {stderr:?}");
    lines[0]
}

// ---------------------------------------------------------------------------
// The modules
// ---------------------------------------------------------------------------

/// The whole module as one text: each file under a header, in name order.
fn module_snapshot(profile: &str, users: u64) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("terraform");
    let run = render(&out, &["--profile", profile, "--users", &users.to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The snapshot's age is reported by every command; no other warning.
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| {
            !l.contains("prices used are older than") && !l.contains("price used is older than")
        })
        .collect();
    assert!(
        warnings.is_empty(),
        "the shipped profiles render without warnings: {warnings:?}"
    );
    let mut text = String::new();
    for (name, bytes) in files(&out) {
        text.push_str(&format!("=== {name} ===\n"));
        text.push_str(&String::from_utf8(bytes).unwrap());
    }
    text
}

#[test]
fn module_current_50() {
    insta::assert_snapshot!("current_50", module_snapshot("current", 50));
}

#[test]
fn module_current_100() {
    insta::assert_snapshot!("current_100", module_snapshot("current", 100));
}

#[test]
fn module_current_200() {
    insta::assert_snapshot!("current_200", module_snapshot("current", 200));
}

#[test]
fn module_current_500() {
    insta::assert_snapshot!("current_500", module_snapshot("current", 500));
}

#[test]
fn module_all_aws_50() {
    insta::assert_snapshot!("all_aws_50", module_snapshot("all-aws", 50));
}

#[test]
fn module_all_aws_500() {
    insta::assert_snapshot!("all_aws_500", module_snapshot("all-aws", 500));
}

#[test]
fn each_tier_gets_what_it_asks_for() {
    // The review's tiers as drawn: a load balancer only at 500 users.
    let m50 = module_snapshot("as-drawn", 50);
    assert!(m50.contains("instance_class = \"db.t4g.small\""));
    assert!(m50.contains("multi_az               = false"));
    assert!(m50.contains("num_cache_clusters = 1"));
    assert!(!m50.contains("=== alb.tf ==="));
    assert!(!m50.contains("aws_db_instance\" \"replica\""));

    let m200 = module_snapshot("as-drawn", 200);
    assert!(m200.contains("multi_az               = true"));
    assert!(m200.contains("resource \"aws_db_instance\" \"replica\""));
    assert!(m200.contains("automatic_failover_enabled = true"));

    let m500 = module_snapshot("as-drawn", 500);
    assert!(m500.contains("=== alb.tf ==="));
    assert!(
        m500.contains("num_node_groups         = var.cache_cluster_mode == \"enabled\" ? 2 : 1")
    );
    assert!(m500.contains("replicas_per_node_group = 1"));
    assert!(m500.contains("max_allocated_storage = 1000"));

    // The corrected current: its API behind a load balancer in every tier.
    let fixed = module_snapshot("current", 50);
    assert!(fixed.contains("=== alb.tf ==="));
    assert!(fixed.contains("resource \"aws_ecs_service\" \"api\""));
    assert!(fixed.contains("publicly_accessible    = false"));

    let aws = module_snapshot("all-aws", 50);
    assert!(aws.contains("resource \"aws_nat_gateway\" \"main\""));
    assert!(aws.contains("publicly_accessible    = false"));
    assert!(aws.contains("resource \"aws_ecs_service\" \"workers\""));
}

#[test]
fn every_tier_can_be_applied_and_called_as_a_module() {
    for (profile, users) in [("current", 50), ("current", 200), ("all-aws", 500)] {
        let m = module_snapshot(profile, users);
        // RDS refuses replicas of an instance whose password it manages.
        assert!(
            !m.contains("manage_master_user_password ="),
            "{profile} {users}"
        );
        assert!(m.contains("password_wo "), "{profile} {users}");
        // A module: no provider block, only the AWS provider, which the
        // machine's 5.100.0 satisfies.
        assert!(
            !m.contains("\nprovider \"aws\" {\n  region = var"),
            "{profile} {users}"
        );
        assert!(
            m.contains("version = \">= 5.100, < 7.0\""),
            "{profile} {users}"
        );
        assert!(!m.contains("hashicorp/random"), "{profile} {users}");
        assert!(m.contains("=== root.tf.example ==="), "{profile} {users}");
        // No DDL (and so no password) in the database logs, which have a retention.
        assert!(!m.contains("value = \"ddl\""), "{profile} {users}");
        assert!(
            m.contains("\"/aws/rds/instance/${id}/${log}\""),
            "{profile} {users}"
        );
        assert!(
            m.contains("allow_major_version_upgrade         = true"),
            "{profile} {users}"
        );
        // Zones come from the caller, checked against the account.
        assert!(
            !m.contains("default     = [\"us-east-1a\""),
            "{profile} {users}"
        );
        // Monitoring and the budget of the AWS pool (300 USD in budget.yaml).
        assert!(
            m.contains("resource \"aws_budgets_budget\" \"aws\""),
            "{profile} {users}"
        );
        assert!(m.contains("default     = 300\n"), "{profile} {users}");
        assert!(
            m.contains("threshold                 = 80\n"),
            "{profile} {users}"
        );
        assert!(m.contains("include_credit = false"), "{profile} {users}");
        assert!(
            m.contains("resource \"aws_cloudwatch_metric_alarm\" \"database_memory\""),
            "{profile} {users}"
        );
    }
    let m500 = module_snapshot("as-drawn", 500);
    // The load balancer of a tier without tasks forwards to the given servers.
    assert!(m500.contains("resource \"aws_lb_target_group_attachment\" \"api\""));
    assert!(m500.contains("name_prefix = \"api-\""));
    assert!(m500.contains("cache_node_4_memory"));
    let bedrock = module_snapshot("all-aws", 50);
    assert!(bedrock.contains("arn:aws:bedrock:*:*:inference-profile/*"));
}

#[test]
fn the_move_to_cluster_mode_says_it_needs_a_migration_step() {
    let dir = tempfile::tempdir().unwrap();
    let run = render(
        &dir.path().join("tf"),
        &["--profile", "current", "--users", "500"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("migration step"), "{}", run.stdout);
    assert!(
        run.stdout.contains("cache_cluster_mode = \"compatible\""),
        "{}",
        run.stdout
    );
    let readme = fs::read_to_string(dir.path().join("tf/README.md")).unwrap();
    assert!(readme.contains("## Upgrading from the 200-user tier"));
    assert!(readme.contains("**A migration step comes first:**"));
    // 100 → 200 is a plain apply.
    let run = render(
        &dir.path().join("tf2"),
        &["--profile", "current", "--users", "200"],
    );
    assert!(!run.stdout.contains("migration step"), "{}", run.stdout);
}

#[test]
fn no_output_holds_a_secret_value() {
    for (profile, users) in [("current", 500), ("all-aws", 500)] {
        let module = module_snapshot(profile, users);
        let outputs = module
            .split("=== outputs.tf ===\n")
            .nth(1)
            .and_then(|rest| rest.split("\n=== ").next())
            .unwrap();
        assert!(outputs.contains("output \""), "{profile}");
        for forbidden in ["random_password", "secret_string", ".result"] {
            assert!(
                !outputs.contains(forbidden),
                "{profile}: outputs.tf mentions {forbidden}"
            );
        }
        assert!(!module.contains("sensitive"), "nothing needs hiding");
    }
}

#[test]
fn the_same_render_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert_eq!(
        render(&a, &["--profile", "all-aws", "--users", "200"]).code,
        0
    );
    assert_eq!(
        render(&b, &["--profile", "all-aws", "--users", "200"]).code,
        0
    );
    assert_eq!(files(&a), files(&b));
}

/// `terraform fmt` agrees with the layout, where a terraform binary is installed
/// (the CI script checks it too).
#[test]
fn terraform_fmt_finds_nothing_to_change() {
    let Ok(version) = Command::new("terraform").arg("version").output() else {
        eprintln!("no terraform binary on PATH: skipped");
        return;
    };
    assert!(version.status.success());
    let dir = tempfile::tempdir().unwrap();
    for (profile, users) in [
        ("current", 50),
        ("current", 500),
        ("all-aws", 50),
        ("all-aws", 500),
    ] {
        let out = dir.path().join(format!("{profile}-{users}"));
        assert_eq!(
            render(&out, &["--profile", profile, "--users", &users.to_string()]).code,
            0
        );
        let fmt = Command::new("terraform")
            .args(["fmt", "-check", "-diff"])
            .arg(&out)
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .output()
            .unwrap();
        assert!(
            fmt.status.success(),
            "{profile}-{users}: {}",
            String::from_utf8_lossy(&fmt.stdout)
        );
    }
}

#[test]
fn the_json_summary_lists_files_and_trade_offs() {
    let dir = tempfile::tempdir().unwrap();
    let run = render(&dir.path().join("tf"), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["schema"], "archplan.render-terraform/v1");
    assert_eq!(v["tier_users"], 50);
    // The 13 files of a data tier, and the API's alb.tf and ecs.tf.
    assert_eq!(v["created"], 15);
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        files.contains(&"rds.tf") && files.contains(&"README.md"),
        "{files:?}"
    );
    let checks: Vec<&str> = v["trade_offs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["check"].as_str().unwrap())
        .collect();
    // The database is private: no public-access trade-off; the load
    // balancer's missing access logs are one.
    assert!(!checks.contains(&"CKV_AWS_17"), "{checks:?}");
    assert!(checks.contains(&"CKV_AWS_91"), "{checks:?}");
    assert_eq!(v["open_gaps"].as_array().unwrap().len(), 0);
}

// ---------------------------------------------------------------------------
// Re-rendering and the user's files
// ---------------------------------------------------------------------------

#[test]
fn rendering_again_is_idempotent_and_says_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("terraform");
    assert_eq!(render(&out, &[]).code, 0);
    let before = files(&out);
    let again = render(&out, &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(files(&out), before, "byte-identical");
    assert!(
        again
            .stdout
            .contains("0 created, 0 updated, 15 unchanged, 0 removed"),
        "{}",
        again.stdout
    );
    assert_eq!(
        action_of(&again.stdout, "rds.tf").as_deref(),
        Some("unchanged")
    );
}

#[test]
fn moving_to_a_bigger_tier_updates_creates_and_removes_its_own_files() {
    // The review's tiers as drawn: a load balancer only at 500 users.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("terraform");
    assert_eq!(
        render(&out, &["--profile", "as-drawn", "--users", "50"]).code,
        0
    );
    let up = render(&out, &["--profile", "as-drawn", "--users", "100"]);
    assert_eq!(up.code, 0, "{}", up.stderr);
    assert_eq!(action_of(&up.stdout, "rds.tf").as_deref(), Some("updated"));
    assert_eq!(action_of(&up.stdout, "s3.tf").as_deref(), Some("unchanged"));
    assert!(fs::read_to_string(out.join("rds.tf"))
        .unwrap()
        .contains("db.t4g.medium"));

    let to500 = render(&out, &["--profile", "as-drawn", "--users", "500"]);
    assert_eq!(
        action_of(&to500.stdout, "alb.tf").as_deref(),
        Some("created")
    );
    let back = render(&out, &["--profile", "as-drawn", "--users", "50"]);
    assert_eq!(back.code, 0, "{}", back.stderr);
    assert_eq!(
        action_of(&back.stdout, "alb.tf").as_deref(),
        Some("removed")
    );
    assert!(!out.join("alb.tf").exists());
    // Same content as a fresh render of the 50-user tier.
    let fresh = dir.path().join("fresh");
    assert_eq!(
        render(&fresh, &["--profile", "as-drawn", "--users", "50"]).code,
        0
    );
    assert_eq!(files(&out), files(&fresh));
}

#[test]
fn an_edited_file_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("terraform");
    assert_eq!(render(&out, &[]).code, 0);
    let mut edited = fs::read_to_string(out.join("rds.tf")).unwrap();
    edited.push_str("\n# my change\n");
    fs::write(out.join("rds.tf"), &edited).unwrap();
    let before = files(&out);

    // Even a render that would change other files too writes nothing.
    let run = render(&out, &["--profile", "as-drawn", "--users", "100"]);
    assert_eq!(run.code, 2);
    let line = one_line(&run.stderr);
    assert!(line.contains("refusing to overwrite"), "{line}");
    assert!(
        line.contains("rds.tf: edited since archplan generated it"),
        "{line}"
    );
    assert!(line.contains("--force"), "{line}");
    assert_eq!(files(&out), before, "nothing half-written");

    let forced = render(&out, &["--users", "100", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        forced
            .stdout
            .contains("rds.tf  (replaced a file edited by hand: --force)"),
        "{}",
        forced.stdout
    );
    let rds = fs::read_to_string(out.join("rds.tf")).unwrap();
    assert!(!rds.contains("# my change") && rds.contains("db.t4g.medium"));
    // And the replaced file is archplan's again.
    assert_eq!(
        render(&out, &["--profile", "as-drawn", "--users", "100"]).code,
        0
    );
}

#[test]
fn a_file_archplan_did_not_generate_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("infra");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("main.tf"), "# hand-written\n").unwrap();
    fs::write(out.join("backend.tf"), "# also mine\n").unwrap();
    let run = render(&out, &[]);
    assert_eq!(run.code, 2);
    let line = one_line(&run.stderr);
    assert!(
        line.contains("main.tf: not generated by archplan"),
        "{line}"
    );
    assert_eq!(
        files(&out).len(),
        2,
        "nothing written: {:?}",
        files(&out).keys()
    );

    let forced = render(&out, &["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(
        fs::read_to_string(out.join("backend.tf")).unwrap(),
        "# also mine\n",
        "other files are left alone"
    );
}

#[test]
fn a_read_only_folder_is_an_error_and_nothing_is_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("terraform");
    fs::create_dir(&out).unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).unwrap();
    let run = render(&out, &[]);
    fs::set_permissions(&out, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(run.code, 3, "{}", run.stderr);
    let line = one_line(&run.stderr);
    assert!(line.contains("read-only"), "{line}");
    assert!(files(&out).is_empty());

    // A folder to create, in a read-only parent.
    let parent = dir.path().join("locked");
    fs::create_dir(&parent).unwrap();
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o555)).unwrap();
    let run = render(&parent.join("terraform"), &[]);
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(!parent.join("terraform").exists());
}

#[test]
fn a_missing_parent_folder_is_an_error_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let out: PathBuf = dir.path().join("no/such/terraform");
    let run = render(&out, &[]);
    assert_eq!(run.code, 2);
    let line = one_line(&run.stderr);
    assert!(
        line.contains("parent folder") && line.contains("does not exist"),
        "{line}"
    );
    assert!(!dir.path().join("no").exists());
}

#[test]
fn an_out_path_that_is_a_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("terraform");
    fs::write(&out, "x").unwrap();
    let run = render(&out, &[]);
    assert_eq!(run.code, 2);
    assert!(
        one_line(&run.stderr).contains("it is a file"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_profile_suggests_the_nearest() {
    let dir = tempfile::tempdir().unwrap();
    let run = render(&dir.path().join("tf"), &["--profile", "all-aw"]);
    assert_eq!(run.code, 2);
    let line = one_line(&run.stderr);
    assert!(
        line.contains("unknown profile \"all-aw\"") && line.contains("did you mean \"all-aws\"?"),
        "{line}"
    );
    assert!(!dir.path().join("tf").exists());
}

#[test]
fn a_tier_without_aws_components_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = render(&dir.path().join("tf"), &["--profile", "serverless"]);
    assert_eq!(run.code, 2);
    let line = one_line(&run.stderr);
    // Its video pipeline is an AWS line the module does not create.
    assert!(
        line.contains("has no AWS components the module creates"),
        "{line}"
    );
    assert!(
        line.starts_with("error: built-in profiles/serverless.yaml:"),
        "points at the tier: {line}"
    );
    assert!(
        line.contains("current") && line.contains("all-aws"),
        "names the profiles that have some: {line}"
    );
    assert!(!dir.path().join("tf").exists());
}

#[test]
fn a_bad_region_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = render(&dir.path().join("tf"), &["--region", "mars-1"]);
    assert_eq!(run.code, 2);
    assert!(
        one_line(&run.stderr).contains("not an AWS region code"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_region_flag_reaches_the_module() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tf");
    let run = render(&out, &["--profile", "all-aws", "--region", "eu-west-3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The caller's provider sets the region: the root example's.
    let root = fs::read_to_string(out.join("root.tf.example")).unwrap();
    assert!(root.contains("region = \"eu-west-3\""), "{root}");
    assert!(root.contains("[\"eu-west-3a\", \"eu-west-3b\"]"), "{root}");
    let readme = fs::read_to_string(out.join("README.md")).unwrap();
    assert!(readme.contains("prices of us-east-1") && readme.contains("deploys to eu-west-3"));
}

// ---------------------------------------------------------------------------
// Trade-offs from the profile
// ---------------------------------------------------------------------------

fn profiles_copy(file: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles");
    for e in fs::read_dir(root).unwrap() {
        let e = e.unwrap();
        let text = fs::read_to_string(e.path()).unwrap();
        let name = e.file_name();
        let text = if name == file { edit(text) } else { text };
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn a_removed_trade_off_is_reported_and_its_skip_disappears() {
    let profiles = profiles_copy("as-drawn.yaml", |t| {
        t.replacen(
            "          - check: CKV_AWS_17\n            reason: \"Publicly reachable so Vercel functions can connect; guarded by the allow-list security group, forced TLS and a managed password\"\n",
            "",
            1,
        )
    });
    let out = profiles.path().join("tf");
    let run = archplan(&[
        "--profiles",
        profiles.path().to_str().unwrap(),
        "render",
        "terraform",
        "--profile",
        "as-drawn",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("checkov will report CKV_AWS_17 failed on aws_db_instance.database"),
        "{}",
        run.stderr
    );
    let rds = fs::read_to_string(out.join("rds.tf")).unwrap();
    assert!(!rds.contains("CKV_AWS_17"), "no skip without a trade-off");
    assert!(
        rds.contains("#checkov:skip=CKV_AWS_157:"),
        "the others stay"
    );
    let readme = fs::read_to_string(out.join("README.md")).unwrap();
    assert!(readme.contains("Not declared as trade-offs"));
}

#[test]
fn a_trade_off_that_matches_nothing_is_reported_at_its_line() {
    // The 200-user tier is Multi-AZ: a Single-AZ trade-off on its primary is stale.
    let profiles = profiles_copy("current.yaml", |t| {
        t.replacen(
            "        read_replicas: 1\n",
            "        read_replicas: 0\n",
            1,
        )
    });
    let out = profiles.path().join("tf");
    let run = archplan(&[
        "--profiles",
        profiles.path().to_str().unwrap(),
        "render",
        "terraform",
        "--users",
        "200",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warning = run
        .stderr
        .lines()
        .find(|l| l.contains("matches nothing"))
        .unwrap_or_default();
    assert!(
        warning.contains("current.yaml:") && warning.contains("CKV_AWS_157"),
        "{}",
        run.stderr
    );
    assert!(!fs::read_to_string(out.join("rds.tf"))
        .unwrap()
        .contains("CKV_AWS_157"));
}

#[test]
fn a_malformed_check_id_is_an_error_at_its_line() {
    let profiles = profiles_copy("current.yaml", |t| {
        t.replacen("- check: CKV_AWS_157", "- check: CKV-AWS-157", 1)
    });
    let out = profiles.path().join("tf");
    let run = archplan(&[
        "--profiles",
        profiles.path().to_str().unwrap(),
        "render",
        "terraform",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    let line = one_line(&run.stderr);
    assert!(
        line.contains("current.yaml:")
            && line.contains("\"CKV-AWS-157\" is not a checkov check id"),
        "{line}"
    );
    assert!(!out.exists());
}

#[test]
fn names_from_the_profile_cannot_inject_code() {
    let profiles = profiles_copy("current.yaml", |t| {
        t.replacen(
            "      - name: database\n",
            "      - name: \"database\\nresource \\\"aws_iam_user\\\" \\\"x\\\" {}\"\n",
            1,
        )
        // The API reaches it by that name.
        .replacen(
            "reaches: [database,",
            "reaches: [\"database\\nresource \\\"aws_iam_user\\\" \\\"x\\\" {}\",",
            1,
        )
    });
    let out = profiles.path().join("tf");
    let run = archplan(&[
        "--profiles",
        profiles.path().to_str().unwrap(),
        "render",
        "terraform",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (name, bytes) in files(&out) {
        let text = String::from_utf8(bytes).unwrap();
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with("resource \"aws_iam_user\"")),
            "{name} holds code from a component name"
        );
    }
    let rds = fs::read_to_string(out.join("rds.tf")).unwrap();
    assert!(
        rds.contains("(component \"database resource \"aws_iam_user\" \"x\" {}\")"),
        "{rds}"
    );
}
