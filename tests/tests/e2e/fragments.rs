//! `GET /fragments/results` (the calculator's server-rendered results) and
//! `GET /export/estimate.{csv,json}`: they hold the same numbers as `POST /api/v1/estimate`
//! for the address's scenario and table, and bad addresses get the API's JSON errors.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{Backend, TestApp, TestDatabase};

async fn spawn() -> anyhow::Result<(TestApp, tempfile::TempDir)> {
    let db = TestDatabase::new(Backend::Sqlite)
        .await?
        .expect("SQLite always runs");
    let site = tempfile::tempdir()?;
    Ok((TestApp::spawn(db, site.path()).await?, site))
}

/// The address's query for a sparse scenario: `s=...`.
fn query(sparse: &Value) -> String {
    app::share::query(sparse, &json!({}), None)
}

async fn get(app: &TestApp, path: &str) -> anyhow::Result<reqwest::Response> {
    Ok(reqwest::get(format!("{}{path}", app.base_url)).await?)
}

#[tokio::test]
async fn results_fragment_and_exports_hold_the_api_numbers() -> anyhow::Result<()> {
    let (app, _site) = spawn().await?;
    let sparse = json!({"traffic": {"reads_per_second": "1500", "writes_per_second": "300"}});
    let api: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/estimate", app.base_url))
        .json(&json!({ "scenario": sparse }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let options = api["options"].as_array().expect("options");
    assert!(options.len() > 20, "every option is priced");

    // The fragment: every option's row with the API's monthly figure, the recommendation,
    // the three charts with their options, and the table that priced it.
    let response = get(&app, &format!("/fragments/results?{}", query(&sparse))).await?;
    assert_eq!(response.status(), StatusCode::OK);
    let fragment: Value = response.json().await?;
    assert_eq!(fragment["price_table_id"], api["price_table"]["id"]);
    let html = fragment["html"].as_str().expect("html");
    for option in options {
        let id = option["id"].as_str().expect("id");
        let monthly = option["monthly"].as_str().unwrap_or_default();
        assert!(
            html.contains(&format!(
                r#"data-testid="option-monthly" data-value="{monthly}""#
            )) && html.contains(&format!(r#"data-option-id="{id}""#)),
            "{id} at {monthly} is not in the fragment"
        );
    }
    let recommended = api["recommendation"]["option_id"].as_str().expect("a pick");
    assert!(html.contains(&format!(
        r#"data-testid="recommendation" data-option-id="{recommended}""#
    )));
    for chart in ["chart-breakdown", "chart-scale", "chart-capacity"] {
        let start = html
            .find(&format!(r#"id="{chart}""#))
            .unwrap_or_else(|| panic!("{chart} is in the fragment"));
        let tag = &html[start..start + html[start..].find('>').expect("tag end")];
        assert!(
            tag.contains("data-echart=\"{"),
            "{chart} carries its option"
        );
    }
    assert!(!html.contains("<script"), "no script in the fragment");

    // The exports: the same estimate, as files.
    let response = get(&app, &format!("/export/estimate.json?{}", query(&sparse))).await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"dbcost-estimate.json\""
    );
    let export: Value = response.json().await?;
    assert_eq!(export["price_table"]["id"], api["price_table"]["id"]);
    assert_eq!(export["estimate"]["options"], api["options"]);
    let response = get(&app, &format!("/export/estimate.csv?{}", query(&sparse))).await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()?
            .starts_with("text/csv")
    );
    let csv = response.text().await?;
    assert!(
        csv.starts_with("option_id,"),
        "{}",
        &csv[..csv.len().min(200)]
    );
    for option in options {
        let id = option["id"].as_str().expect("id");
        assert!(csv.contains(&format!("\n{id},")), "{id} is in the CSV");
    }
    app.stop().await
}

#[tokio::test]
async fn bad_addresses_get_json_errors_that_name_the_field() -> anyhow::Result<()> {
    let (app, _site) = spawn().await?;
    let negative = query(&json!({"traffic": {"reads_per_second": "-5"}}));
    let cases = [
        (
            "/fragments/results?s=2.abc".to_owned(),
            StatusCode::BAD_REQUEST,
            "invalid_share_link",
            Some("s"),
        ),
        (
            "/export/estimate.csv?s=1.@@@".to_owned(),
            StatusCode::BAD_REQUEST,
            "invalid_share_link",
            Some("s"),
        ),
        (
            "/fragments/results?x=1".to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_query",
            None,
        ),
        (
            format!("/fragments/results?{negative}"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_scenario",
            Some("scenario.traffic.reads_per_second"),
        ),
        (
            format!("/export/estimate.json?{negative}"),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_scenario",
            Some("scenario.traffic.reads_per_second"),
        ),
        (
            "/fragments/results?pt=pt-nope".to_owned(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_price_table",
            Some("pt"),
        ),
    ];
    for (path, status, code, field) in cases {
        let response = get(&app, &path).await?;
        assert_eq!(response.status(), status, "{path}");
        let body: Value = response.json().await?;
        assert_eq!(body["error"]["code"], code, "{path}: {body}");
        if let Some(field) = field {
            assert_eq!(body["error"]["field"], field, "{path}: {body}");
        }
    }
    app.stop().await
}
