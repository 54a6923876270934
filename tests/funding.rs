//! Funding as a bill pays it, end to end: credits that run out spill into
//! the next pool, a one-off balance lasts until a month computed from its
//! draw-down and expiry, a pool marked `spill: never` fails the gate, and a
//! budget whose spills go round in a circle is bad input.

mod common;
use common::{archplan, line_of, repo, Fixture};
use serde_json::Value;

/// tests/fixtures/spill-budget.yaml: $100 of AWS credits a month spilling
/// into a $1,000 Activate balance (stated on 2026-12-01, expiring
/// 2027-06-30), which spills onto a $150 card; $200 of Azure credits that
/// never spill.
fn spill_budget() -> String {
    repo()
        .join("tests/fixtures/spill-budget.yaml")
        .display()
        .to_string()
}

fn json(args: &[&str]) -> (i32, Value) {
    let r = archplan(args);
    let v = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("archplan {args:?}: {e}\n{}{}", r.stdout, r.stderr));
    (r.code, v)
}

#[test]
fn a_one_off_balance_lasts_until_the_month_its_draw_down_empties_it() {
    let budget = spill_budget();
    // current at 200 users: the AWS lines cost $459.213594; the monthly
    // credits pay $100 and $359.213594 a month spills into the balance.
    // $1,000 pays two whole months (December and January, $718.427188) and
    // $281.57 of February 2027, before the June expiry.
    let args = [
        "cost",
        "--users",
        "200",
        "--profile",
        "current",
        "--budget",
        &budget,
    ];
    let r = archplan(&args);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(
            "aws credits: $100.00 used, $359.21 spills to activate.\n\
activate: $1,000.00 balance lasts until 2027-02 at 200 users ($359.21 a month); then its lines spill to cash, \
which then takes $379.61 of $150.00, over by $229.61.\n"
        ),
        "{}",
        r.stdout
    );
    let (code, v) = json(&[&args[..], &["--format", "json"]].concat());
    assert_eq!(code, 0);
    let activate = &v["pools"][1];
    assert_eq!(activate["name"], "activate");
    assert_eq!(activate["amount"], "1000");
    assert_eq!(activate["used"]["expected"], "359.213594");
    assert_eq!(activate["spilled_in"]["expected"], "359.213594");
    assert_eq!(activate["spills_to"], "cash");
    assert_eq!(
        activate["balance"]["runway"],
        serde_json::json!({
            "monthly": "359.213594",
            "ends": "runs-out",
            "from": "2026-12",
            "until": "2027-02",
            "then_to": "cash",
            // The card's own $20.396 and the $359.213594 the balance paid.
            "then": {"pool": "cash", "lands": "379.609594", "amount": "150", "fits": false, "over": "229.609594"}
        })
    );
    // At 100 users only $133.73 a month spills into it: the expiry comes
    // first, after seven months, with $63.86 unused.
    let (_, v) = json(&[
        "cost",
        "--users",
        "100",
        "--profile",
        "current",
        "--budget",
        &budget,
        "--format",
        "json",
    ]);
    let runway = &v["pools"][1]["balance"]["runway"];
    assert_eq!(
        (&runway["ends"], &runway["until"]),
        (&"expires".into(), &"2027-06".into())
    );
    let unused: rust_decimal::Decimal = runway["unused"].as_str().unwrap().parse().unwrap();
    let monthly: rust_decimal::Decimal = runway["monthly"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        unused,
        rust_decimal::Decimal::from(1000) - monthly * rust_decimal::Decimal::from(7)
    );
    // check says it too, row by row, and warns (at the balance) that the
    // card will not hold the AWS lines once the balance is spent.
    let c = archplan(&["check", "--profile", "current", "--budget", &budget]);
    assert!(
        c.stdout.contains(
            "aws 100% (spills $359.21 to activate), activate 35.9% (ok, lasts until 2027-02)"
        ),
        "{}",
        c.stdout
    );
    let balance_line = line_of(
        &std::fs::read_to_string(&budget).unwrap(),
        "balance: 1000",
        0,
    );
    assert!(
        c.stdout.contains(&format!(
            "spill-budget.yaml:{balance_line}:14: warning: current at 200 users: once the activate credits stop paying \
after 2027-02, pool cash would take $379.61 of $150.00 (expected estimate), over by $229.61\n"
        )),
        "{}",
        c.stdout
    );
    // At 100 users the balance outlives the month but not the expiry; then
    // the card would take the $133.73 that spilled and its own $20.20, just
    // over its $150.
    assert!(
        c.stdout.contains(
            "warning: current at 100 users: once the activate credits stop paying after 2027-06, \
pool cash would take $153.93 of $150.00 (expected estimate), over by $3.93\n"
        ),
        "{}",
        c.stdout
    );
    // At 50 users the card holds it: no warning.
    assert!(
        !c.stdout.contains("current at 50 users: once"),
        "{}",
        c.stdout
    );
    // all-aws at 200 users: $1,110.85 a month spills in, more than the
    // balance: it pays $1,000 of December and $110.85 goes on to the card.
    let c = archplan(&[
        "check",
        "--profile",
        "all-aws",
        "--users",
        "200",
        "--budget",
        &budget,
    ]);
    assert!(
        c.stdout.contains(
            "activate 100% (spills $110.85 to cash, lasts until 2026-12), azure 0% (ok), cash 73.9% (ok)"
        ),
        "{}",
        c.stdout
    );
    assert_eq!(c.code, 0, "{}", c.stdout);
}

#[test]
fn a_pool_that_never_spills_fails_the_gate_and_says_why() {
    let budget = spill_budget();
    // current at 500 users: $477 of Azure lines on $200 of Azure credits
    // marked `spill: never`; the AWS side spills and fits.
    let r = archplan(&[
        "check",
        "--profile",
        "current",
        "--users",
        "500",
        "--budget",
        &budget,
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "error: current at 500 users: pool azure (never spills) takes $477.00 of $200.00 (expected estimate), \
over by $277.00: it is marked `spill: never`; largest lines: ai gpt-4o-mini-transcribe speech-to-text of videos $360.00"
        ),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stdout.matches("error:").count(),
        1,
        "only the hard limit fails: {}",
        r.stdout
    );
    let (code, v) = json(&[
        "cost",
        "--users",
        "500",
        "--profile",
        "current",
        "--budget",
        &budget,
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let over = &v["verdict"]["over"];
    assert_eq!(over.as_array().unwrap().len(), 1, "{over}");
    assert_eq!(over[0]["pool"], "azure");
    assert_eq!(over[0]["cannot_spill"], "never");
    // What the Azure credits cannot pay is paid anyway: the card's own $40.99
    // (two Vercel seats and 99,000 QStash messages) and the $277 beyond the
    // credits.
    assert_eq!(v["verdict"]["on_card"], "317.99");
}

#[test]
fn spills_in_a_circle_are_bad_input_at_the_spill_to_that_closes_it() {
    let f = Fixture::new();
    f.replace(
        "profiles/budget.yaml",
        "    vendors: [aws]\n",
        "    vendors: [aws]\n    spill_to: reserve\n",
    );
    let text = f.read("profiles/budget.yaml")
        + "  - name: reserve\n    amount: 50\n    vendors: [aws]\n    spill_to: aws\n";
    f.write("profiles/budget.yaml", &text);
    let line = line_of(&text, "spill_to: reserve", 0);
    let r = f.run(&["check"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    let error = r
        .stderr
        .lines()
        .find(|l| l.starts_with("error"))
        .unwrap_or(&r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "budget.yaml:{line}:15: pools spill in a circle (aws → reserve → aws), so the excess would never be paid; \
expected a chain that ends at a pool that does not spill — did you mean `spill_to: cash`?"
        )),
        "{error}\n{}",
        r.stderr
    );
    assert_eq!(r.stdout, "");
}

#[test]
fn a_pool_with_both_an_amount_and_a_balance_is_bad_input() {
    let f = Fixture::new();
    f.replace(
        "profiles/budget.yaml",
        "amount: 300\n",
        "amount: 300\n    balance: 5000\n",
    );
    let line = line_of(&f.read("profiles/budget.yaml"), "balance: 5000", 0);
    let r = f.run(&["cost", "--users", "50"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "budget.yaml:{line}:14: pool \"aws\" has both a monthly `amount` and a one-off `balance`; expected one of them"
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn the_shipped_budget_keeps_its_totals_when_credits_spill() {
    // Spilling moves money between pools; the bill is what it was.
    for users in ["50", "200", "500"] {
        let (_, v) = json(&["cost", "--users", users, "--format", "json"]);
        let sum: rust_decimal::Decimal = v["pools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p["used"]["expected"]
                    .as_str()
                    .unwrap()
                    .parse::<rust_decimal::Decimal>()
                    .unwrap()
            })
            .sum();
        let total: rust_decimal::Decimal =
            v["total"]["expected"].as_str().unwrap().parse().unwrap();
        assert_eq!(sum, total, "{users} users");
    }
    // current at 200 users: the AWS lines $459.213594, the card's $20.396
    // and Azure's $190.80, whoever pays them.
    let (_, v) = json(&["cost", "--users", "200", "--format", "json"]);
    assert_eq!(v["total"]["expected"], "670.409594");
}

#[test]
fn the_budget_schema_documents_spilling_and_balances() {
    let r = archplan(&["schema", "budget"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let pool = &v["definitions"]["Pool"]["properties"];
    for field in [
        "amount", "balance", "starts", "expires", "spill_to", "spill",
    ] {
        let text = pool[field]["description"].as_str().unwrap_or_default();
        assert!(!text.is_empty(), "{field} is undocumented: {}", pool[field]);
    }
    assert!(v["properties"]["as_of"]["description"]
        .as_str()
        .unwrap()
        .contains("never reads the clock"));
    assert_eq!(v["definitions"]["Day"]["format"], "date");
    assert_eq!(
        v["definitions"]["SpillRule"]["oneOf"][1]["enum"][0],
        "never"
    );
}

#[test]
fn the_review_says_what_spills_and_how_long_a_balance_lasts_in_both_languages() {
    let budget = spill_budget();
    let en = archplan(&["report", "--users", "200", "--budget", &budget]);
    assert_eq!(en.code, 0, "{}", en.stderr);
    for line in [
        "- aws credits: $100/month, all used ($100.00), $359.21 spills to activate\n",
        // What the card then takes: the figures `cost` prints.
        "- activate credits: $1,000 one-off balance, lasts until 2027-02 at this user count ($359.21/month); \
then its lines spill to cash, which then takes $379.61 of $150.00, over by $229.61\n",
        "**Headroom**: aws used up, $359.21 spills to activate · activate $640.79 left",
        // The balance is not one more monthly amount.
        "**Available budget**: $2,000/month ($100 aws + $200 azure + $150 cash); \
plus activate: a one-off balance of $1,000, expiring 2027-06-30, not monthly  \n",
    ] {
        assert!(en.stdout.contains(line), "{line}\n{}", en.stdout);
    }
    let fr = archplan(&[
        "report", "--users", "200", "--budget", &budget, "--lang", "fr",
    ]);
    assert_eq!(fr.code, 0, "{}", fr.stderr);
    for line in [
        "- Crédits aws\u{a0}: 100\u{a0}$/mois, entièrement utilisés (100,00\u{a0}$), 359,21\u{a0}$ reportés sur activate\n",
        "- Crédits activate\u{a0}: solde unique de 1\u{202f}000\u{a0}$, qui dure jusqu'en 2027-02",
        "\u{a0}; ensuite ses lignes sont reportées sur cash, qui reçoit alors 379,61\u{a0}$ sur 150,00\u{a0}$, \
dépassement de 229,61\u{a0}$\n",
        "**Budget disponible**\u{a0}: 2\u{202f}000\u{a0}$/mois (100\u{a0}$ aws + 200\u{a0}$ azure + 150\u{a0}$ cash)\u{a0}; \
en plus, activate\u{a0}: solde unique de 1\u{202f}000\u{a0}$, qui expire le 2027-06-30, hors budget mensuel",
    ] {
        assert!(fr.stdout.contains(line), "{line}\n{}", fr.stdout);
    }
    // The verdict names the limit that cannot spill, in French too.
    let fr = archplan(&[
        "report", "--users", "500", "--budget", &budget, "--lang", "fr",
    ]);
    assert!(
        fr.stdout.contains(
            "ne tient pas (enveloppe azure (jamais reportée)\u{a0}: 477,00\u{a0}$ sur 200,00\u{a0}$, dépassement de 277,00\u{a0}$)"
        ),
        "{}",
        fr.stdout
    );
}

/// What `cost` says the card takes once the balance stops: "which then
/// takes $263.00 of $150.00, over by $113.00".
fn then_clause(cost: &str) -> &str {
    let start = cost
        .find("which then takes")
        .unwrap_or_else(|| panic!("no \"which then takes\" in\n{cost}"));
    let end = start + cost[start..].find(".\n").unwrap();
    &cost[start..end]
}

#[test]
fn the_review_keeps_a_one_off_balance_out_of_the_monthly_budget() {
    let f = Fixture::new();
    f.write(
        "profiles/budget.yaml",
        &std::fs::read_to_string(spill_budget()).unwrap(),
    );
    let html = f.run(&["report", "--users", "200", "--format", "html"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert!(
        html.stdout.contains(
            "$100 aws + $200 azure + $150 cash; plus activate: a one-off balance of $1,000, expiring 2027-06-30, not monthly</div>"
        ),
        "{}",
        html.stdout
    );
    let md = f.run(&["report", "--users", "200"]);
    for text in [&md.stdout, &html.stdout] {
        assert!(!text.contains("$1,000 activate"), "{text}");
    }
    // The card's figures once the balance stops are those `cost` prints.
    let cost = f.run(&["cost", "--users", "200"]);
    assert!(
        md.stdout.contains(&format!(
            "then its lines spill to cash, {}\n",
            then_clause(&cost.stdout)
        )),
        "{}\n{}",
        cost.stdout,
        md.stdout
    );

    // No expiry: the balance says so.
    f.replace("profiles/budget.yaml", "    expires: 2027-06-30\n", "");
    let md = f.run(&["report", "--users", "200"]);
    assert!(
        md.stdout
            .contains("; plus activate: a one-off balance of $1,000, with no expiry, not monthly"),
        "{}",
        md.stdout
    );

    // Spent before the judged month: the review says what the card takes
    // from then on, as `cost` does.
    f.replace(
        "profiles/budget.yaml",
        "    balance: 1000\n",
        "    balance: 1000\n    expires: 2026-12-30\n",
    );
    let cost = f.run(&["cost", "--users", "200"]);
    let md = f.run(&["report", "--users", "200"]);
    assert!(
        md.stdout.contains(&format!(
            "pays no month from 2026-12 on; its lines spill to cash, {}\n",
            then_clause(&cost.stdout)
        )),
        "{}\n{}",
        cost.stdout,
        md.stdout
    );
}

#[test]
fn the_aws_budget_of_a_balance_pool_is_its_expected_monthly_draw() {
    // tests/fixtures/activate-budget.yaml: the AWS lines are paid by a
    // one-off $5,000 balance. The AWS budget is monthly, at the draw `cost`
    // computes for the balance (not the balance itself).
    let budget = repo()
        .join("tests/fixtures/activate-budget.yaml")
        .display()
        .to_string();
    let (_, v) = json(&[
        "cost", "--users", "200", "--budget", &budget, "--format", "json",
    ]);
    let activate = &v["pools"][0];
    assert_eq!(activate["name"], "activate");
    let monthly: rust_decimal::Decimal = activate["balance"]["runway"]["monthly"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(monthly < rust_decimal::Decimal::from(5000));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tf");
    let r = archplan(&[
        "render",
        "terraform",
        "--users",
        "200",
        "--budget",
        &budget,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let variables = std::fs::read_to_string(out.join("variables.tf")).unwrap();
    let limit = format!("default     = {}\n", monthly.round_dp(2).normalize());
    let block = &variables[variables.find("variable \"budget_limit_usd\"").unwrap()..];
    assert!(block.contains(&limit), "{limit}\n{block}");
    assert!(
        block.contains(
            "the monthly draw the plan expects at 200 users from the activate one-off balance"
        ),
        "{block}"
    );
    let monitoring = std::fs::read_to_string(out.join("monitoring.tf")).unwrap();
    let budget_block = &monitoring[monitoring.find("resource \"aws_budgets_budget\"").unwrap()..];
    assert!(
        budget_block.contains("time_unit    = \"MONTHLY\""),
        "{budget_block}"
    );
    assert_eq!(budget_block.matches("notification {").count(), 3);
    assert!(
        monitoring.contains("one-off balance of\n# $5,000.00, expiring 2027-06-30. It lasts until it expires after 2027-06 at 200 users"),
        "{monitoring}"
    );
    let readme = std::fs::read_to_string(out.join("README.md")).unwrap();
    assert!(
        readme.contains("**The AWS budget and the balance.** The `activate` pool is a one-off balance of $5,000.00, expiring 2027-06-30"),
        "{readme}"
    );
    // A monthly pool keeps its amount as the limit.
    let r = archplan(&[
        "render",
        "terraform",
        "--users",
        "200",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let variables = std::fs::read_to_string(out.join("variables.tf")).unwrap();
    assert!(variables.contains("default     = 300\n"), "{variables}");
    assert!(!std::fs::read_to_string(out.join("README.md"))
        .unwrap()
        .contains("The AWS budget and the balance"));
}
