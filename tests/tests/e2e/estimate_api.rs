//! `/api/v1/estimate`, `/sweep`, `/scenarios` and `/openapi.json`: success and error cases,
//! save -> load -> same estimate, stateless share links, and the OpenAPI document.

use std::collections::BTreeSet;

use axum::{body::Body, http::Request};
use http_body_util::BodyExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{Backend, TestApp, TestDatabase, app_state};
use tower::ServiceExt;

async fn spawn(backend: Backend) -> anyhow::Result<Option<(TestApp, tempfile::TempDir)>> {
    let Some(db) = TestDatabase::new(backend).await? else {
        return Ok(None);
    };
    let site = tempfile::tempdir()?;
    Ok(Some((TestApp::spawn(db, site.path()).await?, site)))
}

/// The example scenarios shipped under `pricing-data/scenarios/`.
fn examples() -> Vec<(String, Value)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../pricing-data/scenarios");
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .expect("scenarios folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read scenario");
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                serde_json::from_str(&text).expect("json"),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        out.len(),
        6,
        "the five seed cases and uncertain-launch.json (ranges)"
    );
    out
}

async fn post(app: &TestApp, path: &str, body: &Value) -> anyhow::Result<(StatusCode, Value)> {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", app.base_url))
        .json(body)
        .send()
        .await?;
    let status = response.status();
    Ok((status, response.json().await?))
}

async fn estimate_and_save(backend: Backend) -> anyhow::Result<()> {
    let Some((app, _site)) = spawn(backend).await? else {
        return Ok(());
    };

    // The default scenario against the region's default table.
    let (status, estimate) = post(&app, "/api/v1/estimate", &json!({ "scenario": {} })).await?;
    assert_eq!(status, StatusCode::OK, "{estimate}");
    let default_id = app
        .state
        .db
        .default_price_table_id("us-east-1")
        .await?
        .unwrap();
    assert_eq!(estimate["price_table"]["id"], default_id.as_str());
    assert_eq!(estimate["price_table"]["stale"], true);
    let options = estimate["options"].as_array().unwrap();
    assert!(
        options.len() >= 20,
        "every family is priced: {}",
        options.len()
    );
    for id in [
        "rds-postgresql-multi-az",
        "aurora-postgresql-io-optimized",
        "aurora-serverless-v2",
        "dynamodb-on-demand",
    ] {
        assert!(options.iter().any(|o| o["id"] == id), "{id} missing");
    }
    // Money is decimal strings, never JSON numbers.
    let priced = options.iter().find(|o| o["status"] == "priced").unwrap();
    assert!(priced["monthly"].is_string(), "{}", priced["monthly"]);
    assert!(priced["line_items"][0]["cost"].is_string());

    // Save, then load: the same scenario, pinned to the same table, and the same estimate.
    let scenario = examples()[1].1.clone();
    let (status, saved) = post(&app, "/api/v1/scenarios", &json!({ "scenario": scenario })).await?;
    assert_eq!(status, StatusCode::CREATED, "{saved}");
    let id = saved["id"].as_str().unwrap();
    assert_eq!(id.len(), 22);
    assert_eq!(saved["url"], format!("/s/{id}"));
    let loaded: Value = reqwest::get(format!("{}/api/v1/scenarios/{id}", app.base_url))
        .await?
        .json()
        .await?;
    assert_eq!(loaded["price_table"]["id"], default_id.as_str());
    assert_eq!(loaded["newer_price_table"], Value::Null);
    let (_, direct) = post(&app, "/api/v1/estimate", &json!({ "scenario": scenario })).await?;
    let (_, again) = post(
        &app,
        "/api/v1/estimate",
        &json!({ "scenario": loaded["scenario"], "price_table_id": loaded["price_table"]["id"] }),
    )
    .await?;
    assert_eq!(direct, again);

    // A newer default table for the region is offered, and the saved one stays pinned.
    let (_, text) = pricing_data::bundled()
        .into_iter()
        .find(|(n, _)| n.contains("us-east-1"))
        .unwrap();
    let mut newer: Value = serde_json::from_str(text)?;
    newer["name"] = json!("newer us-east-1");
    newer["effective_date"] = json!(time::OffsetDateTime::now_utc().date().to_string());
    let (status, newer_version) = post(&app, "/api/v1/price-tables", &newer).await?;
    assert_eq!(status, StatusCode::CREATED);
    let newer_id = newer_version["id"].as_str().unwrap();
    let (status, _) = post(
        &app,
        &format!("/api/v1/price-tables/{newer_id}/default"),
        &json!({}),
    )
    .await?;
    assert_eq!(status, StatusCode::OK);
    let loaded: Value = reqwest::get(format!("{}/api/v1/scenarios/{id}", app.base_url))
        .await?
        .json()
        .await?;
    assert_eq!(loaded["price_table"]["id"], default_id.as_str());
    assert_eq!(loaded["newer_price_table"]["id"], newer_id);
    assert_eq!(loaded["newer_price_table"]["stale"], false);

    // Saved scenarios are immutable.
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/scenarios/{id}", app.base_url);
    for method in [
        reqwest::Method::PUT,
        reqwest::Method::PATCH,
        reqwest::Method::DELETE,
    ] {
        let response = client
            .request(method.clone(), &url)
            .json(&json!({}))
            .send()
            .await?;
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method}"
        );
        assert_eq!(
            response.json::<Value>().await?["error"]["code"],
            "method_not_allowed"
        );
    }
    app.stop().await
}

#[tokio::test]
async fn estimate_and_saved_scenarios_sqlite() -> anyhow::Result<()> {
    estimate_and_save(Backend::Sqlite).await
}

#[tokio::test]
async fn estimate_and_saved_scenarios_postgres() -> anyhow::Result<()> {
    estimate_and_save(Backend::Postgres).await
}

#[tokio::test]
async fn estimate_errors_are_json_with_the_right_status() -> anyhow::Result<()> {
    let Some((app, _site)) = spawn(Backend::Sqlite).await? else {
        unreachable!()
    };
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/estimate", app.base_url);
    let cases: Vec<(
        &str,
        reqwest::RequestBuilder,
        StatusCode,
        &str,
        Option<&str>,
    )> = vec![
        (
            "malformed JSON",
            client
                .post(&url)
                .header("content-type", "application/json")
                .body("{\"scenario\": "),
            StatusCode::BAD_REQUEST,
            "malformed_json",
            None,
        ),
        (
            "wrong content type",
            client
                .post(&url)
                .header("content-type", "text/plain")
                .body("{}"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            None,
        ),
        (
            "negative rate",
            client
                .post(&url)
                .json(&json!({"scenario": {"traffic": {"reads_per_second": "-1"}}})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_scenario",
            Some("scenario.traffic.reads_per_second"),
        ),
        (
            "25-hour shape",
            client
                .post(&url)
                .json(&json!({"scenario": {"traffic": {"hourly_shape": vec!["1"; 25]}}})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_scenario",
            Some("scenario.traffic.hourly_shape"),
        ),
        (
            "hit rate over 100",
            client
                .post(&url)
                .json(&json!({"scenario": {"caching": {"hit_rate_percent": "101"}}})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_scenario",
            Some("scenario.caching.hit_rate_percent"),
        ),
        (
            "unknown engine",
            client
                .post(&url)
                .json(&json!({"scenario": {"overrides": {"engine": "db2"}}})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_scenario",
            Some("scenario.overrides.engine"),
        ),
        (
            "unknown field",
            client
                .post(&url)
                .json(&json!({"scenario": {}, "colour": "red"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            None,
        ),
        (
            "unknown region",
            client
                .post(&url)
                .json(&json!({"scenario": {}, "region": "mars-1"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_region",
            Some("region"),
        ),
        (
            "unknown table",
            client
                .post(&url)
                .json(&json!({"scenario": {}, "price_table_id": "pt-nope"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_price_table",
            Some("price_table_id"),
        ),
        (
            "too large",
            client
                .post(&url)
                .json(&json!({"scenario": {}, "pad": "x".repeat(5 << 20)})),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            None,
        ),
    ];
    for (name, request, status, code, field) in cases {
        let response = request.send().await?;
        assert_eq!(response.status(), status, "{name}");
        let body: Value = response.json().await?;
        assert_eq!(body["error"]["code"], code, "{name}: {body}");
        if let Some(field) = field {
            assert_eq!(body["error"]["field"], field, "{name}: {body}");
        }
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{name}"
        );
    }
    app.stop().await
}

#[tokio::test]
async fn sweep_returns_curves_and_rejects_bad_points() -> anyhow::Result<()> {
    let Some((app, _site)) = spawn(Backend::Sqlite).await? else {
        unreachable!()
    };
    let (status, sweep) = post(
        &app,
        "/api/v1/sweep",
        &json!({ "scenario": {}, "points": 10 }),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{sweep}");
    let points = sweep["points"].as_array().unwrap();
    assert_eq!(points.len(), 10);
    // Log-spaced from 0.1x to 100x.
    assert_eq!(
        points[0]["multiplier"].as_str().unwrap().parse::<f64>()?,
        0.1
    );
    assert_eq!(
        points[9]["multiplier"].as_str().unwrap().parse::<f64>()?,
        100.0
    );
    assert!(sweep["price_table"]["id"].is_string());
    for (body, field) in [
        (json!({ "scenario": {}, "points": 1 }), "points"),
        (json!({ "scenario": {}, "points": 5000 }), "points"),
        (
            json!({ "scenario": {}, "multipliers": ["-1"] }),
            "multipliers[0]",
        ),
    ] {
        let (status, error) = post(&app, "/api/v1/sweep", &body).await?;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error["error"]["field"], field);
    }
    app.stop().await
}

#[tokio::test]
async fn share_links_round_trip_every_example() -> anyhow::Result<()> {
    let defaults = serde_json::to_value(engine::Scenario::default())?;
    for (name, scenario) in examples() {
        let parsed = engine::Scenario::from_json(&scenario.to_string())
            .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        let full = serde_json::to_value(&parsed)?;
        let query = app::share::query(&full, &defaults, Some("pt-8c479ac0c1cf1929f8b180e0"));
        assert!(query.len() < 2000, "{name}: {} characters", query.len());
        let payload = query.strip_prefix("s=").unwrap().split('&').next().unwrap();
        let decoded = app::share::decode(payload)?;
        let back = engine::Scenario::from_json(&decoded.to_string())
            .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        assert_eq!(back, parsed, "{name}");
    }
    Ok(())
}

#[tokio::test]
async fn ten_thousand_random_ids_are_all_404() -> anyhow::Result<()> {
    let db = TestDatabase::new(Backend::Sqlite).await?.expect("sqlite");
    let site = tempfile::tempdir()?;
    let state = app_state(&db, site.path()).await?;
    let router = server::router(state);
    for _ in 0..10_000 {
        let id = server::storage::scenarios::new_id()?;
        let response = router
            .clone()
            .oneshot(Request::get(format!("/api/v1/scenarios/{id}")).body(Body::empty())?)
            .await?;
        assert_eq!(response.status(), 404, "{id}");
    }
    Ok(())
}

#[tokio::test]
async fn openapi_document_is_valid_and_covers_every_route() -> anyhow::Result<()> {
    let db = TestDatabase::new(Backend::Sqlite).await?.expect("sqlite");
    let site = tempfile::tempdir()?;
    let state = app_state(&db, site.path()).await?;
    let router = server::router(state);
    let response = router
        .clone()
        .oneshot(Request::get("/api/v1/openapi.json").body(Body::empty())?)
        .await?;
    assert_eq!(response.status(), 200);
    let bytes = response.into_body().collect().await?.to_bytes();
    let text = std::str::from_utf8(&bytes)?;
    let spec = oas3::from_json(text)?;
    assert_eq!(spec.openapi, "3.1.0");

    let doc: Value = serde_json::from_str(text)?;
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let expected: BTreeSet<(String, String)> = [
        ("GET", "/healthz"),
        ("POST", "/api/v1/price-tables"),
        ("POST", "/api/v1/price-tables/import-aws"),
        ("GET", "/api/v1/price-tables"),
        ("GET", "/api/v1/price-tables/{id}"),
        ("GET", "/api/v1/price-tables/{id}/export"),
        ("POST", "/api/v1/price-tables/{id}/default"),
        ("GET", "/api/v1/price-tables/{a}/diff/{b}"),
        ("GET", "/api/v1/schemas/price-table.json"),
        ("GET", "/api/v1/schemas/scenario.json"),
        ("GET", "/api/v1/openapi.json"),
        ("POST", "/api/v1/estimate"),
        ("POST", "/api/v1/sweep"),
        ("POST", "/api/v1/scenarios"),
        ("GET", "/api/v1/scenarios/{id}"),
    ]
    .into_iter()
    .map(|(m, p)| (m.to_owned(), p.to_owned()))
    .collect();
    assert_eq!(documented, expected);

    // Every documented operation is served: it answers something other than 404 / 405 for
    // its method (path parameters filled with a made-up id answer a JSON 404 from the handler,
    // which names the missing thing, not the route).
    for (method, path) in &documented {
        let concrete = path
            .replace("{id}", "pt-x")
            .replace("{a}", "pt-a")
            .replace("{b}", "pt-b");
        let request = Request::builder()
            .method(method.as_str())
            .uri(&concrete)
            .header("content-type", "application/json")
            .body(Body::from("{}"))?;
        let response = router.clone().oneshot(request).await?;
        assert_ne!(response.status(), 405, "{method} {path}");
        let body = response.into_body().collect().await?.to_bytes();
        let text = String::from_utf8_lossy(&body);
        assert!(
            !text.contains("No such API route"),
            "{method} {path}: {text}"
        );
    }
    // Every component schema referenced is defined.
    for reference in text.match_indices("#/components/schemas/") {
        let name: String = text[reference.0 + 21..]
            .chars()
            .take_while(|c| *c != '"')
            .collect();
        assert!(
            doc["components"]["schemas"].get(&name).is_some(),
            "undefined schema {name}"
        );
    }
    Ok(())
}

#[tokio::test]
async fn scenario_schema_is_served() -> anyhow::Result<()> {
    let Some((app, _site)) = spawn(Backend::Sqlite).await? else {
        unreachable!()
    };
    let schema: Value = reqwest::get(format!("{}/api/v1/schemas/scenario.json", app.base_url))
        .await?
        .json()
        .await?;
    assert!(schema["properties"]["traffic"].is_object(), "{schema}");
    // A rangeable input is a single value or a range object, exactly one of them.
    let quantity = &schema["$defs"]["WorkloadQuantity"]["oneOf"];
    assert_eq!(quantity.as_array().map(Vec::len), Some(2), "{schema}");
    assert!(schema["$defs"]["RangeInput"]["properties"]["likely"].is_object());
    // The OpenAPI document merges definitions by name: the rangeable inputs must keep their
    // own (pricing-data has a `Quantity` that is a string only; schemathesis caught the clash).
    let openapi: Value = reqwest::get(format!("{}/api/v1/openapi.json", app.base_url))
        .await?
        .json()
        .await?;
    let components = &openapi["components"]["schemas"];
    assert_eq!(
        components["Traffic"]["properties"]["writes_per_second"]["$ref"],
        "#/components/schemas/WorkloadQuantity"
    );
    assert_eq!(
        components["WorkloadQuantity"]["oneOf"]
            .as_array()
            .map(Vec::len),
        Some(2),
        "{components}"
    );
    app.stop().await
}

/// The example with ranges (reads, writes, data size, growth and hit rate).
fn ranged_example() -> Value {
    examples()
        .into_iter()
        .find(|(name, _)| name == "uncertain-launch.json")
        .expect("uncertain-launch.json")
        .1
}

fn decimal(v: &Value) -> rust_decimal::Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("{v} is not a decimal string"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_ranged_estimate_carries_bands_and_the_least_regret_option() -> anyhow::Result<()> {
    let Some((app, _site)) = spawn(Backend::Sqlite).await? else {
        unreachable!()
    };
    let scenario = ranged_example();
    let (status, estimate) =
        post(&app, "/api/v1/estimate", &json!({ "scenario": scenario })).await?;
    assert_eq!(status, StatusCode::OK, "{estimate}");
    let u = &estimate["uncertainty"];
    assert_eq!(u["samples"], 300);
    assert_eq!(u["seed"], 1);
    let fields: BTreeSet<&str> = u["ranged_fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        BTreeSet::from([
            "data.size_gb",
            "data.monthly_growth_percent",
            "traffic.reads_per_second",
            "traffic.writes_per_second",
            "caching.hit_rate_percent",
        ])
    );
    // One band per option, same ids in the same order; percentiles ordered decimal strings.
    let options = estimate["options"].as_array().unwrap();
    let bands = u["options"].as_array().unwrap();
    assert_eq!(bands.len(), options.len());
    for (o, b) in options.iter().zip(bands) {
        assert_eq!(o["id"], b["id"]);
        assert_eq!(b["priced"], o["status"] == "priced", "{b}");
        if b["priced"] == true {
            for key in ["monthly", "tco_12", "tco_36"] {
                let (p5, p50, p95) = (
                    decimal(&b[key]["p5"]),
                    decimal(&b[key]["p50"]),
                    decimal(&b[key]["p95"]),
                );
                assert!(p5 <= p50 && p50 <= p95, "{b}");
            }
        } else {
            assert!(b.get("monthly").is_none(), "{b}");
        }
        let fail = decimal(&b["fail_percent"]);
        assert!(fail >= rust_decimal::Decimal::ZERO && fail <= rust_decimal::Decimal::ONE_HUNDRED);
    }
    // The recommendation is the least-regret option, its reason the sentence.
    let least = &u["least_regret"];
    assert_eq!(estimate["recommendation"]["option_id"], least["option_id"]);
    assert_eq!(estimate["recommendation"]["reasons"][0], least["sentence"]);
    assert!(
        least["sentence"].as_str().unwrap().contains("% of cases"),
        "{least}"
    );

    // The same seed gives the same numbers; another seed other numbers.
    let (_, again) = post(&app, "/api/v1/estimate", &json!({ "scenario": scenario })).await?;
    assert_eq!(again, estimate);
    let mut reseeded = scenario.clone();
    reseeded["assumptions"] = json!({ "range_seed": 42, "range_samples": 100 });
    let (status, other) = post(&app, "/api/v1/estimate", &json!({ "scenario": reseeded })).await?;
    assert_eq!(status, StatusCode::OK, "{other}");
    assert_eq!(other["uncertainty"]["samples"], 100);
    assert_ne!(other["uncertainty"]["options"], u["options"]);

    // Single values: no `uncertainty` at all.
    let (_, plain) = post(&app, "/api/v1/estimate", &json!({ "scenario": {} })).await?;
    assert!(plain.get("uncertainty").is_none());

    // A bad range names its bound.
    let (status, error) = post(
        &app,
        "/api/v1/estimate",
        &json!({ "scenario": { "traffic": { "reads_per_second": { "low": 10, "likely": 200, "high": 100 } } } }),
    )
    .await?;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
    assert_eq!(
        error["error"]["field"],
        "scenario.traffic.reads_per_second.high"
    );
    app.stop().await
}

#[tokio::test]
async fn a_ranged_scenario_saves_loads_and_sweeps_with_bands() -> anyhow::Result<()> {
    let Some((app, _site)) = spawn(Backend::Sqlite).await? else {
        unreachable!()
    };
    let scenario = ranged_example();
    let (status, saved) = post(&app, "/api/v1/scenarios", &json!({ "scenario": scenario })).await?;
    assert_eq!(status, StatusCode::CREATED, "{saved}");
    let loaded: Value = reqwest::get(format!(
        "{}/api/v1/scenarios/{}",
        app.base_url,
        saved["id"].as_str().unwrap()
    ))
    .await?
    .json()
    .await?;
    // The range comes back as its object (confidence filled in with its default).
    assert_eq!(
        loaded["scenario"]["traffic"]["reads_per_second"],
        json!({ "low": "300", "likely": "800", "high": "4000", "confidence": "medium" })
    );
    let (_, direct) = post(&app, "/api/v1/estimate", &json!({ "scenario": scenario })).await?;
    let (_, again) = post(
        &app,
        "/api/v1/estimate",
        &json!({ "scenario": loaded["scenario"], "price_table_id": loaded["price_table"]["id"] }),
    )
    .await?;
    assert_eq!(direct, again);

    let (status, sweep) = post(
        &app,
        "/api/v1/sweep",
        &json!({ "scenario": scenario, "points": 40 }),
    )
    .await?;
    assert_eq!(status, StatusCode::OK, "{sweep}");
    let points = sweep["points"].as_array().unwrap();
    let banded: Vec<&Value> = points.iter().filter(|p| p.get("bands").is_some()).collect();
    // 40 points: every 3rd from the first, which ends on the last (39).
    assert_eq!(banded.len(), 14);
    assert!(points[39].get("bands").is_some());
    assert!(points[1].get("bands").is_none());
    let on_demand = &banded[0]["bands"]["dynamodb-on-demand"];
    assert!(
        decimal(&on_demand["p5"]) <= decimal(&on_demand["p95"]),
        "{on_demand}"
    );
    let (_, plain) = post(
        &app,
        "/api/v1/sweep",
        &json!({ "scenario": {}, "points": 10 }),
    )
    .await?;
    assert!(
        plain["points"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p.get("bands").is_none())
    );
    app.stop().await
}

/// Estimates are answered from a cache keyed by price-table version, scenario and day. It
/// must never hide a change: the same request twice gives the same bytes, and once a new
/// table becomes the region's default the next estimate is priced with it. The new table
/// changes one price, DynamoDB Standard on-demand writes from $0.625 to $0.50 per million, so
/// the on-demand option's write line must cost 0.50 / 0.625 = 0.8 times as much.
#[tokio::test]
async fn cached_estimates_follow_a_new_region_default() -> anyhow::Result<()> {
    let Some((app, _site)) = spawn(Backend::Sqlite).await? else {
        anyhow::bail!("SQLite always runs");
    };
    let request = json!({ "scenario": {
        "needs": { "acid_transactions": false, "joins": false },
        "traffic": { "writes_per_second": "120" }
    } });
    let http = reqwest::Client::new();
    let url = format!("{}/api/v1/estimate", app.base_url);
    let first = http.post(&url).json(&request).send().await?.text().await?;
    let second = http.post(&url).json(&request).send().await?.text().await?;
    assert_eq!(first, second, "the same request, the same answer");
    let before: Value = serde_json::from_str(&first)?;

    let (_, bundled) = pricing_data::bundled()
        .into_iter()
        .find(|(name, _)| name.contains("us-east-1"))
        .expect("the us-east-1 snapshot is bundled");
    let mut table: Value = serde_json::from_str(bundled)?;
    table["name"] = json!("us-east-1 with cheaper on-demand writes");
    table["dynamodb"]["table_classes"]["standard"]["on_demand_write_per_million"] = json!("0.50");
    let (status, created) = post(&app, "/api/v1/price-tables", &table).await?;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let new_id = created["id"].as_str().unwrap().to_owned();
    let response = http
        .post(format!(
            "{}/api/v1/price-tables/{new_id}/default",
            app.base_url
        ))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);

    let (status, after) = post(&app, "/api/v1/estimate", &request).await?;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["price_table"]["id"], new_id.as_str());
    assert_ne!(before["price_table"]["id"], new_id.as_str());
    let write_cost = |estimate: &Value| -> rust_decimal::Decimal {
        let option = estimate["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["id"] == "dynamodb-on-demand")
            .expect("DynamoDB on-demand is priced");
        let line = option["line_items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| {
                l["price_key"]
                    .as_str()
                    .is_some_and(|k| k.contains("on_demand_write_per_million"))
            })
            .expect("an on-demand write line");
        line["cost"].as_str().unwrap().parse().unwrap()
    };
    let ratio = write_cost(&after) / write_cost(&before);
    assert_eq!(ratio.round_dp(10), rust_decimal::Decimal::new(8, 1));
    app.stop().await
}
