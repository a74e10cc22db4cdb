//! The `dbcost prices` commands, run as the real binary on a fresh SQLite file.

use std::process::{Command, Output};

use serde_json::{Value, json};

fn example(name: &str) -> String {
    format!(
        "{}/../pricing-data/scenarios/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn database_url(&self) -> String {
        format!("sqlite://{}", self.dir.path().join("cli.db").display())
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_dbcost"))
            .args(args)
            .env(
                "DBCOST_DATABASE_URL",
                format!("sqlite://{}", self.dir.path().join("cli.db").display()),
            )
            .env("DBCOST_LOG", "warn")
            .output()
            .expect("run dbcost")
    }

    fn write(&self, name: &str, value: &Value) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
        path.display().to_string()
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn us_east_1() -> Value {
    let (_, text) = pricing_data::bundled()
        .into_iter()
        .find(|(n, _)| n.contains("us-east-1"))
        .unwrap();
    serde_json::from_str(text).unwrap()
}

#[test]
fn import_list_diff_export_through_the_cli() {
    let cli = Cli::new();
    let list: Value =
        serde_json::from_str(&stdout(&cli.run(&["prices", "list", "--format", "json"])))
            .expect("list --format json is JSON");
    let original = list["price_tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["region"] == "us-east-1")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // DynamoDB Standard storage from the bundled $0.25 to $0.30 per GB-month.
    let mut changed = us_east_1();
    changed["name"] = json!("changed gp3");
    let old_price = changed["dynamodb"]["table_classes"]["standard"]["storage_gb_month"].clone();
    changed["dynamodb"]["table_classes"]["standard"]["storage_gb_month"] = json!("0.30");
    let file = cli.write("changed.json", &changed);

    let imported = cli.run(&["prices", "import", &file]);
    assert!(imported.status.success(), "{imported:?}");
    let text = stdout(&imported);
    assert!(text.starts_with("Imported: pt-"), "{text}");
    let new_id = text["Imported: ".len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();

    let again = cli.run(&["prices", "import", &file]);
    assert!(
        stdout(&again).starts_with(&format!("Already stored: {new_id}")),
        "{again:?}"
    );

    let table_list = stdout(&cli.run(&["prices", "list"]));
    assert!(
        table_list.contains(&new_id) && table_list.contains("STALE"),
        "{table_list}"
    );

    let diff = stdout(&cli.run(&["prices", "diff", &original, &new_id]));
    let line = diff
        .lines()
        .find(|l| l.contains("storage_gb_month"))
        .expect("changed line");
    // 0.25 -> 0.30 is +20 %.
    assert_eq!(old_price, json!("0.25"));
    assert!(
        line.contains("0.25") && line.contains("0.30") && line.contains("+20"),
        "{line}"
    );
    assert_eq!(
        diff.lines().count(),
        3,
        "header, rule and one change:\n{diff}"
    );

    let exported = stdout(&cli.run(&["prices", "export", &new_id]));
    let today = time::OffsetDateTime::now_utc().date();
    let a = pricing_data::parse(&exported, today).unwrap();
    let b = pricing_data::parse(&changed.to_string(), today).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_bad_file_exits_2_with_every_field_error_and_stores_nothing() {
    let cli = Cli::new();
    let before = stdout(&cli.run(&["prices", "list", "--format", "json"]));
    let mut bad = us_east_1();
    bad["currency"] = json!("XYZ");
    bad["hours_per_month"] = json!("-730");
    let file = cli.write("bad.json", &bad);
    let output = cli.run(&["prices", "import", &file]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("2 problem(s); nothing was stored"),
        "{stderr}"
    );
    assert!(
        stderr.contains("currency: ") && stderr.contains("hours_per_month: "),
        "{stderr}"
    );
    assert_eq!(
        stdout(&cli.run(&["prices", "list", "--format", "json"])),
        before
    );

    let missing = cli.run(&["prices", "show", "pt-nope"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no price table has the id pt-nope"));
}

#[tokio::test]
async fn estimate_json_equals_the_api_body() {
    use axum::{body::Body, http::Request};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let cli = Cli::new();
    let scenario_path = example("financial-app.json");
    let output = cli.run(&["estimate", "--scenario", &scenario_path, "--format", "json"]);
    assert!(output.status.success(), "{output:?}");
    let from_cli: Value = serde_json::from_slice(&output.stdout).expect("JSON");

    let site = tempfile::tempdir().unwrap();
    let state = server::AppState::new(server::Settings::for_tests(
        cli.database_url(),
        site.path().to_path_buf(),
    ))
    .await
    .unwrap();
    let scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(&scenario_path).unwrap()).unwrap();
    let request = Request::post("/api/v1/estimate")
        .header("content-type", "application/json")
        .body(Body::from(json!({ "scenario": scenario }).to_string()))
        .unwrap();
    let response = server::router(state).oneshot(request).await.unwrap();
    assert_eq!(response.status(), 200);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let from_api: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(from_cli, from_api);
}

#[test]
fn estimate_without_a_database_and_csv_line_items_add_up() {
    let cli = Cli::new();
    let table = format!(
        "{}/../pricing-data/snapshots/aws-us-east-1.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let scenario = example("dev-test.json");
    let json_out = cli.run(&[
        "estimate",
        "--scenario",
        &scenario,
        "--price-table",
        &table,
        "--format",
        "json",
    ]);
    assert!(json_out.status.success(), "{json_out:?}");
    assert!(
        !cli.dir.path().join("cli.db").exists(),
        "a price-table file needs no database"
    );
    let estimate: Value = serde_json::from_slice(&json_out.stdout).unwrap();

    let csv_out = cli.run(&[
        "estimate",
        "--scenario",
        &scenario,
        "--price-table",
        &table,
        "--format",
        "csv",
    ]);
    let text = stdout(&csv_out);
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "option_id,kind,dimension,quantity,unit,unit_price,cost,currency,price_table_id"
    );
    let rows: Vec<Vec<String>> = lines
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    for option in estimate["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == "priced")
    {
        let id = option["id"].as_str().unwrap();
        let sum: rust_decimal::Decimal = rows
            .iter()
            .filter(|r| r[0] == id && r[1] == "monthly")
            .map(|r| r[6].parse::<rust_decimal::Decimal>().unwrap())
            .sum();
        let monthly: rust_decimal::Decimal = option["monthly"].as_str().unwrap().parse().unwrap();
        assert_eq!(sum, monthly, "{id}: line items add up to the monthly total");
    }

    let table_out =
        stdout(&cli.run(&["estimate", "--scenario", &scenario, "--price-table", &table]));
    assert!(
        table_out.contains("WARNING: these prices are"),
        "{table_out}"
    );
    assert!(table_out.contains("Recommended: "), "{table_out}");
}

#[test]
fn a_bad_scenario_exits_2_naming_the_field() {
    let cli = Cli::new();
    let file = cli.write(
        "bad-scenario.json",
        &json!({"traffic": {"writes_per_second": "-3"}}),
    );
    let output = cli.run(&["estimate", "--scenario", &file]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("scenario.traffic.writes_per_second"),
        "{stderr}"
    );
}

#[test]
fn a_scenario_with_ranges_prints_bands_in_every_format() {
    let cli = Cli::new();
    let table = format!(
        "{}/../pricing-data/snapshots/aws-us-east-1.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let scenario = example("uncertain-launch.json");
    let run = |format: &str| {
        let output = cli.run(&[
            "estimate",
            "--scenario",
            &scenario,
            "--price-table",
            &table,
            "--format",
            format,
        ]);
        assert!(output.status.success(), "{output:?}");
        stdout(&output)
    };
    let estimate: Value = serde_json::from_str(&run("json")).unwrap();
    let uncertainty = &estimate["uncertainty"];
    assert_eq!(uncertainty["samples"], 300);
    let bands = uncertainty["options"].as_array().unwrap();
    assert_eq!(bands.len(), estimate["options"].as_array().unwrap().len());
    let least = uncertainty["least_regret"]["option_id"].as_str().unwrap();
    assert_eq!(estimate["recommendation"]["option_id"], least);

    let text = run("table");
    let header = text.lines().find(|l| l.starts_with("OPTION")).unwrap();
    for column in ["P5", "P50", "P95", "FAILS"] {
        assert!(header.contains(column), "{header}");
    }
    assert!(text.contains("Least regret: "), "{text}");

    let csv = run("csv");
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with("price_table_id,monthly_p5,monthly_p50,monthly_p95,tco_12_p5,tco_12_p50,tco_12_p95,tco_36_p5,tco_36_p50,tco_36_p95,fail_percent"),
        "{csv}"
    );
    // The monthly p50 column of the recommended option's rows is its band's median.
    let band = bands.iter().find(|b| b["id"] == least).unwrap();
    let row = csv
        .lines()
        .find(|l| l.starts_with(&format!("{least},monthly,")))
        .unwrap();
    let fields: Vec<&str> = row.rsplitn(11, ',').collect();
    assert_eq!(fields[8], band["monthly"]["p50"].as_str().unwrap(), "{row}");
}

#[test]
fn a_ranged_sweep_csv_carries_the_bands() {
    let cli = Cli::new();
    let table = format!(
        "{}/../pricing-data/snapshots/aws-us-east-1.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let output = cli.run(&[
        "sweep",
        "--scenario",
        &example("uncertain-launch.json"),
        "--price-table",
        &table,
        "--points",
        "7",
        "--format",
        "csv",
    ]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let ids = (header.len() - 1) / 4;
    assert_eq!(header.len(), 1 + 4 * ids, "{header:?}");
    assert_eq!(header[1 + ids], format!("{} p5", header[1]));
    // 7 points: every point carries bands; each p5 <= p50 <= p95.
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        for k in 0..ids {
            let band: Vec<&str> = cells[1 + ids + 3 * k..4 + ids + 3 * k].to_vec();
            if band[0].is_empty() {
                continue;
            }
            let [p5, p50, p95] =
                [0, 1, 2].map(|i| band[i].parse::<rust_decimal::Decimal>().unwrap());
            assert!(p5 <= p50 && p50 <= p95, "{line}");
        }
    }
}
