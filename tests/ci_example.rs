//! The shipped GitHub Actions example (`examples/github-actions.yml`) run as
//! GitHub would run it: its `run:` steps in order, in bash with `-eo pipefail`,
//! each step's `if:` evaluated against the job's state so far, `${{ … }}`
//! expressions filled in, against a profile set that is over budget. `uses:`
//! steps (checkout, cache, artifact upload) and the install step are GitHub's
//! or cargo's work; the built binary stands in for the installed one, and a
//! fake `gh` records the comment it is asked to post.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const WORKFLOW: &str = include_str!("../examples/github-actions.yml");
const TERRAFORM_WORKFLOW: &str = include_str!("../examples/terraform-drift.yml");

struct Step {
    name: String,
    condition: Option<String>,
    run: Option<String>,
    env: BTreeMap<String, String>,
}

/// The parts of the workflow the simulation runs.
#[derive(Deserialize)]
struct Workflow {
    #[serde(default)]
    env: BTreeMap<String, serde_json::Value>,
    jobs: BTreeMap<String, Job>,
}

#[derive(Deserialize)]
struct Job {
    steps: Vec<RawStep>,
}

#[derive(Deserialize)]
struct RawStep {
    name: Option<String>,
    uses: Option<String>,
    #[serde(rename = "if")]
    condition: Option<String>,
    run: Option<String>,
    #[serde(default)]
    env: BTreeMap<String, serde_json::Value>,
}

fn steps() -> (Vec<Step>, BTreeMap<String, String>) {
    steps_of(WORKFLOW, "budget")
}

fn steps_of(text: &str, job: &str) -> (Vec<Step>, BTreeMap<String, String>) {
    let workflow: Workflow = serde_saphyr::from_str(text).expect("the example is valid YAML");
    let strings = |env: &BTreeMap<String, serde_json::Value>| -> BTreeMap<String, String> {
        env.iter()
            .map(|(k, v)| {
                let value = match v {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Number(n) => n.to_string(),
                    serde_json::Value::Bool(b) => b.to_string(),
                    other => panic!("unexpected env value {other:?}"),
                };
                (k.clone(), value)
            })
            .collect()
    };
    let job_env = strings(&workflow.env);
    let list = &workflow.jobs.get(job).expect("the job").steps;
    let steps = list
        .iter()
        .map(|s| Step {
            name: s
                .name
                .as_deref()
                .or(s.uses.as_deref())
                .unwrap_or("?")
                .to_string(),
            condition: s.condition.clone(),
            run: s.run.clone(),
            env: strings(&s.env),
        })
        .collect();
    (steps, job_env)
}

/// The GitHub context of one simulated run.
struct Context {
    event: &'static str,
    values: BTreeMap<&'static str, &'static str>,
}

impl Context {
    fn new(event: &'static str) -> Self {
        let values = BTreeMap::from([
            ("github.event_name", event),
            ("github.base_ref", "main"),
            ("github.event.pull_request.number", "7"),
            ("github.token", "test-token"),
            ("vars.ARCHPLAN_GIT", ""),
            ("vars.ARCHPLAN_REV", ""),
            ("vars.ARCHPLAN_TIER_USERS || 50", "50"),
            ("runner.os", "Linux"),
        ]);
        Context { event, values }
    }

    /// Replaces every `${{ expr }}`; an expression the test does not know
    /// fails the test, so the example cannot grow a step this run ignores.
    fn fill(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("}}").expect("closed expression") + start;
            let expr = rest[start + 3..end].trim();
            let value = self
                .values
                .get(expr)
                .unwrap_or_else(|| panic!("the test does not know ${{{{ {expr} }}}}"));
            out.push_str(value);
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// GitHub's step condition: `success()` when absent; a conjunction of
    /// the status functions and `github.event_name == '…'` otherwise.
    fn should_run(&self, condition: Option<&str>, failed: bool) -> bool {
        let Some(condition) = condition else {
            return !failed;
        };
        let expr = condition
            .trim()
            .trim_start_matches("${{")
            .trim_end_matches("}}")
            .trim();
        let mut uses_status = false;
        let mut result = true;
        for term in expr.split("&&").map(str::trim) {
            let value = match term {
                "!cancelled()" | "always()" => {
                    uses_status = true;
                    true
                }
                "success()" => {
                    uses_status = true;
                    !failed
                }
                "failure()" => {
                    uses_status = true;
                    failed
                }
                _ => {
                    if let Some(event) = term.strip_prefix("github.event_name == ") {
                        event.trim_matches('\'') == self.event
                    } else if term == "steps.cache.outputs.cache-hit != 'true'" {
                        true
                    } else {
                        panic!("the test does not know the condition {term}")
                    }
                }
            };
            result &= value;
        }
        // Without a status function GitHub adds success().
        result && (uses_status || !failed)
    }
}

struct JobRun {
    failed: bool,
    ran: Vec<String>,
    stdout: String,
    workspace: PathBuf,
    gh_log: String,
    _tmp: tempfile::TempDir,
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.test")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.test")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

/// A repository whose base branch fits and whose head raises the 100-user
/// tier's storage, which puts the AWS pool (marked `spill: never`) over
/// budget.
fn over_budget_repo(root: &Path) -> PathBuf {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    let repo = root.join("repo");
    let profiles = repo.join("profiles");
    std::fs::create_dir_all(&profiles).unwrap();
    for f in ["budget.yaml", "workload.yaml", "mini.yaml"] {
        std::fs::copy(fixture.join("profiles").join(f), profiles.join(f)).unwrap();
    }
    let mini = profiles.join("mini.yaml");
    let text = std::fs::read_to_string(&mini).unwrap();
    assert!(text.contains("storage_gb: 100"), "the fixture changed");
    std::fs::write(&mini, text.replace("storage_gb: 100", "storage_gb: 30")).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "base"]);
    git(&repo, &["update-ref", "refs/remotes/origin/main", "HEAD"]);
    std::fs::write(&mini, text).unwrap();
    git(&repo, &["commit", "-qam", "head: more storage"]);
    repo
}

fn run_job(event: &'static str) -> JobRun {
    run_job_with(steps(), event, over_budget_repo)
}

fn run_job_with(
    (steps, job_env): (Vec<Step>, BTreeMap<String, String>),
    event: &'static str,
    make_repo: fn(&Path) -> PathBuf,
) -> JobRun {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    let repo = make_repo(&root);
    let bin = root.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_archplan"), bin.join("archplan")).unwrap();
    let gh_log = root.join("gh.log");
    let gh = bin.join("gh");
    std::fs::write(
        &gh,
        format!(
            "#!/bin/sh\necho \"gh $*\" >> '{log}'\nwhile [ $# -gt 0 ]; do\n  if [ \"$1\" = --body-file ]; then cat \"$2\" >> '{log}'; fi\n  shift\ndone\n",
            log = gh_log.display()
        ),
    )
    .unwrap();
    Command::new("chmod").arg("+x").arg(&gh).status().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let context = Context::new(event);
    let mut failed = false;
    let mut ran = Vec::new();
    let mut stdout = String::new();
    for step in &steps {
        if !context.should_run(step.condition.as_deref(), failed) {
            continue;
        }
        let Some(script) = &step.run else {
            ran.push(step.name.clone()); // a `uses:` action: GitHub's work
            continue;
        };
        if step.name == "Install archplan" {
            continue; // the built binary is on PATH instead
        }
        ran.push(step.name.clone());
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(context.fill(script))
            .current_dir(&repo)
            .env("PATH", &path)
            .env_remove("ARCHPLAN_PRICING")
            .env("GITHUB_OUTPUT", root.join("output"));
        for (k, v) in job_env.iter().chain(step.env.iter()) {
            cmd.env(k, context.fill(v));
        }
        let out = cmd.output().expect("bash runs");
        stdout.push_str(&String::from_utf8_lossy(&out.stdout));
        if !out.status.success() {
            failed = true;
        }
    }
    JobRun {
        failed,
        ran,
        stdout,
        gh_log: std::fs::read_to_string(&gh_log).unwrap_or_default(),
        workspace: repo,
        _tmp: tmp,
    }
}

fn junit_failures(workspace: &Path) -> usize {
    let xml = std::fs::read_to_string(workspace.join("archplan-junit.xml"))
        .expect("the JUnit report is written");
    let doc = roxmltree::Document::parse(&xml).expect("the JUnit report is valid XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count()
}

#[test]
fn a_pull_request_over_budget_fails_with_annotations_junit_and_the_cost_comment() {
    let job = run_job("pull_request");
    assert!(job.failed, "the job must fail when the plan is over budget");
    assert!(
        job.stdout
            .lines()
            .any(|l| l.starts_with("::error file=profiles/mini.yaml,line=")),
        "annotations on the profile: {}",
        job.stdout
    );
    assert!(
        junit_failures(&job.workspace) > 0,
        "JUnit names the failure"
    );
    assert!(
        job.ran.iter().any(|s| s == "Cost diff"),
        "the diff step runs after the gate failed: {:?}",
        job.ran
    );
    assert!(
        job.gh_log
            .contains("gh pr comment 7 --body-file archplan-diff.md"),
        "the comment is posted: {}",
        job.gh_log
    );
    assert!(
        job.gh_log.contains("storage_gb"),
        "the comment holds the diff of the change: {}",
        job.gh_log
    );
    assert!(
        job.ran.iter().any(|s| s.contains("upload-artifact"))
            || job.ran.iter().any(|s| s == "Keep the JUnit report"),
        "the JUnit report is kept: {:?}",
        job.ran
    );
}

#[test]
fn a_push_over_budget_fails_with_junit_and_posts_no_comment() {
    let job = run_job("push");
    assert!(job.failed);
    assert!(junit_failures(&job.workspace) > 0);
    assert!(!job.ran.iter().any(|s| s == "Cost diff"), "{:?}", job.ran);
    assert!(job.gh_log.is_empty(), "{}", job.gh_log);
}

#[test]
fn the_example_installs_without_a_placeholder_and_caches_the_binary() {
    assert!(!WORKFLOW.contains("your-org"), "no placeholder URL");
    let (steps, _) = steps();
    let install = steps
        .iter()
        .find(|s| s.name == "Install archplan")
        .expect("an install step");
    assert_eq!(
        install.condition.as_deref(),
        Some("steps.cache.outputs.cache-hit != 'true'"),
        "installed only when the cache missed"
    );
    assert!(WORKFLOW.contains("uses: actions/cache@"));
}

/// A repository whose base branch holds the rendered module of `current` at
/// 50 users and whose head raises the database's instance class by hand.
fn drifted_terraform_repo(root: &Path) -> PathBuf {
    let repo = root.join("repo");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles");
    std::fs::create_dir_all(repo.join("profiles")).unwrap();
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            std::fs::copy(&path, repo.join("profiles").join(path.file_name().unwrap())).unwrap();
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_archplan"))
        .args(["render", "terraform", "--users", "50", "--out", "infra"])
        .current_dir(&repo)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-qm", "base"]);
    git(&repo, &["update-ref", "refs/remotes/origin/main", "HEAD"]);
    let rds = repo.join("infra/rds.tf");
    let text = std::fs::read_to_string(&rds).unwrap();
    assert!(text.contains("\"db.t4g.small\""), "the module changed");
    std::fs::write(&rds, text.replace("\"db.t4g.small\"", "\"db.t4g.medium\"")).unwrap();
    git(&repo, &["commit", "-qam", "head: a larger database"]);
    repo
}

#[test]
fn the_terraform_example_fails_on_drift_and_comments_its_cost() {
    let job = run_job_with(
        steps_of(TERRAFORM_WORKFLOW, "terraform"),
        "pull_request",
        drifted_terraform_repo,
    );
    assert!(job.failed, "drift fails the job: {}", job.stdout);
    assert!(
        job.stdout
            .contains("| database (aws_db_instance.database, rds.tf:"),
        "the drift names the resource: {}",
        job.stdout
    );
    assert!(
        job.ran.iter().any(|s| s == "Budget gate on the Terraform")
            && job.ran.iter().any(|s| s == "Cost of the change"),
        "the gate and the comment run after drift: {:?}",
        job.ran
    );
    assert!(
        job.gh_log
            .contains("instance_class: db.t4g.small → db.t4g.medium"),
        "the comment prices the change: {}",
        job.gh_log
    );
    assert!(
        job.gh_log.contains("### Drift:"),
        "and says the drift: {}",
        job.gh_log
    );
}
