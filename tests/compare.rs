mod common;

use common::stdout;

#[test]
fn compare_alternatives_at_50_users() {
    insta::assert_snapshot!(stdout(&["compare", "alternatives", "--users", "50"]));
}

#[test]
fn compare_alternatives_at_50_users_markdown() {
    insta::assert_snapshot!(stdout(&[
        "compare",
        "alternatives",
        "--users",
        "50",
        "--format",
        "markdown"
    ]));
}

#[test]
fn compare_alternatives_json_lists_every_tier_count_without_users() {
    let out = stdout(&["compare", "alternatives", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], "archplan.compare/v1");
    let users: Vec<u64> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["users"].as_u64().unwrap())
        .collect();
    assert_eq!(users, vec![50, 100, 200, 500]);
    for g in v["groups"].as_array().unwrap() {
        // current, all-aws, serverless, self-hosted and as-drawn.
        assert_eq!(g["rows"].as_array().unwrap().len(), 5);
    }
}
