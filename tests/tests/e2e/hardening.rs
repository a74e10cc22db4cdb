//! Bad input never hurts, and the server is safe at localhost: every route answers bad
//! requests with a JSON 4xx and nothing stored changes; foreign Host names and cross-site
//! writes are refused; security headers are on every response; writes are rate limited.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tests::{Backend, TestApp, TestDatabase};

async fn spawn_with(
    edit: impl FnOnce(&mut server::Settings),
) -> anyhow::Result<(TestApp, tempfile::TempDir)> {
    let db = TestDatabase::new(Backend::Sqlite).await?.expect("sqlite");
    let site = tempfile::tempdir()?;
    let app = TestApp::spawn_with(db, site.path(), edit).await?;
    Ok((app, site))
}

/// What is stored: price tables and (through a count) saved scenarios.
async fn snapshot(app: &TestApp) -> anyhow::Result<(Value, i64)> {
    let tables: Value = reqwest::get(format!("{}/api/v1/price-tables", app.base_url))
        .await?
        .json()
        .await?;
    let row: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM scenarios")
        .fetch_one(&app.state.db.pool)
        .await?;
    Ok((tables, row.0))
}

#[tokio::test]
async fn every_route_answers_bad_input_with_a_json_4xx_and_stores_nothing() -> anyhow::Result<()> {
    let (app, _site) = spawn_with(|_| {}).await?;
    let before = snapshot(&app).await?;
    let client = reqwest::Client::new();
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_object = format!(
        "{{\"scenario\": {}1{}}}",
        "{\"a\":".repeat(10_000),
        "}".repeat(10_000)
    );
    let huge = json!({ "scenario": {}, "pad": "x".repeat(5 << 20) }).to_string();
    // A gzip bomb: 10 MB of zeros compressed. The server does not inflate request bodies, so
    // it is just bytes that are not JSON.
    let bomb = {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&vec![0u8; 10_000_000])?;
        encoder.finish()?
    };
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("malformed", b"{\"scenario\": ".to_vec()),
        ("wrong types", br#"{"scenario": {"traffic": {"reads_per_second": {"x": 1}}}, "points": "many"}"#.to_vec()),
        ("out of range", br#"{"scenario": {"traffic": {"reads_per_second": "1e400"}, "caching": {"hit_rate_percent": "250"}}}"#.to_vec()),
        ("deep array", deep.into_bytes()),
        ("deep object", deep_object.into_bytes()),
        ("oversized", huge.into_bytes()),
        ("gzip bomb", bomb),
    ];
    let routes = [
        (Method::POST, "/api/v1/estimate"),
        (Method::POST, "/api/v1/sweep"),
        (Method::POST, "/api/v1/scenarios"),
        (Method::POST, "/api/v1/price-tables"),
        (Method::POST, "/api/v1/price-tables/import-aws"),
        (Method::POST, "/api/v1/price-tables/pt-x/default"),
        (Method::GET, "/api/v1/price-tables/pt-x"),
        (Method::GET, "/api/v1/price-tables/pt-x/export"),
        (Method::GET, "/api/v1/price-tables/pt-a/diff/pt-b"),
        (Method::GET, "/api/v1/scenarios/AAAAAAAAAAAAAAAAAAAAAA"),
        (Method::PUT, "/api/v1/scenarios/AAAAAAAAAAAAAAAAAAAAAA"),
        (Method::DELETE, "/api/v1/estimate"),
    ];
    for (method, path) in &routes {
        for (name, body) in &bodies {
            let mut request = client
                .request(method.clone(), format!("{}{path}", app.base_url))
                .header("content-type", "application/json")
                .body(body.clone());
            if *name == "gzip bomb" {
                request = request.header("content-encoding", "gzip");
            }
            let response = request.send().await?;
            let status = response.status();
            assert!(
                status.is_client_error(),
                "{method} {path} with {name}: {status}"
            );
            let body: Value = response
                .json()
                .await
                .map_err(|e| anyhow::anyhow!("{method} {path} {name}: not JSON: {e}"))?;
            assert!(
                body["error"]["code"].is_string(),
                "{method} {path} {name}: {body}"
            );
        }
    }
    // Still up, and nothing changed.
    assert_eq!(
        reqwest::get(format!("{}/healthz", app.base_url))
            .await?
            .status(),
        200
    );
    assert_eq!(snapshot(&app).await?, before);
    app.stop().await
}

#[tokio::test]
async fn foreign_hosts_and_cross_site_writes_are_refused() -> anyhow::Result<()> {
    let (app, _site) = spawn_with(|_| {}).await?;
    let client = reqwest::Client::new();
    // DNS rebinding: the attacker's page talks to 127.0.0.1 under its own name.
    let response = client
        .get(format!("{}/healthz", app.base_url))
        .header("host", "evil.example:3000")
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        response.json::<Value>().await?["error"]["code"],
        "host_not_allowed"
    );
    let response = client
        .get(format!("{}/healthz", app.base_url))
        .header("host", "localhost:3000")
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);

    let url = format!("{}/api/v1/scenarios", app.base_url);
    let body = json!({ "scenario": {} });
    for (header, value) in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "http://evil.example"),
    ] {
        let response = client
            .post(&url)
            .header(header, value)
            .json(&body)
            .send()
            .await?;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{header}: {value}"
        );
        assert_eq!(
            response.json::<Value>().await?["error"]["code"],
            "cross_origin_request"
        );
    }
    // The app's own page, and scripts without browser headers, may write.
    let same = client
        .post(&url)
        .header("sec-fetch-site", "same-origin")
        .json(&body)
        .send()
        .await?;
    assert_eq!(same.status(), StatusCode::CREATED);
    let origin = format!("http://{}", app.addr);
    let same_origin = client
        .post(&url)
        .header("origin", origin)
        .json(&body)
        .send()
        .await?;
    assert_eq!(same_origin.status(), StatusCode::CREATED);
    let script = client.post(&url).json(&body).send().await?;
    assert_eq!(script.status(), StatusCode::CREATED);
    // GET never changes state, whatever its origin.
    let get = client
        .get(format!("{}/api/v1/price-tables", app.base_url))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await?;
    assert_eq!(get.status(), StatusCode::OK);
    app.stop().await
}

#[tokio::test]
async fn security_headers_are_on_every_response() -> anyhow::Result<()> {
    let (app, _site) = spawn_with(|_| {}).await?;
    for path in [
        "/",
        "/healthz",
        "/api/v1/price-tables",
        "/api/v1/nope",
        "/no-such-page",
    ] {
        let response = reqwest::get(format!("{}{path}", app.base_url)).await?;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str()?;
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
    }
    // The page's policy lets its own scripts and WASM run, nothing from elsewhere.
    let response = reqwest::get(&app.base_url).await?;
    let csp = response.headers()["content-security-policy"]
        .to_str()?
        .to_owned();
    let html = response.text().await?;
    assert!(
        csp.contains("'wasm-unsafe-eval'") && csp.contains("script-src 'self' 'nonce-"),
        "{csp}"
    );
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the inline scripts carry the header's nonce"
    );
    app.stop().await
}

#[tokio::test]
async fn writes_are_rate_limited_per_client_with_retry_after() -> anyhow::Result<()> {
    let (app, _site) = spawn_with(|s| {
        s.write_rate_per_minute = 6; // one every 10 s
        s.write_burst = 3;
    })
    .await?;
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/scenarios", app.base_url);
    for i in 0..3 {
        let response = client
            .post(&url)
            .json(&json!({ "scenario": {} }))
            .send()
            .await?;
        assert_eq!(
            response.status(),
            StatusCode::CREATED,
            "write {i} is within the burst"
        );
    }
    let response = client
        .post(&url)
        .header("x-forwarded-for", "203.0.113.9") // not a trusted proxy: ignored
        .json(&json!({ "scenario": {} }))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = response.headers()["retry-after"].to_str()?.parse()?;
    assert!((1..=10).contains(&retry), "{retry}");
    assert_eq!(
        response.json::<Value>().await?["error"]["code"],
        "rate_limited"
    );
    // Reads are not limited.
    let read = client
        .post(format!("{}/api/v1/estimate", app.base_url))
        .json(&json!({ "scenario": {} }))
        .send()
        .await?;
    assert_eq!(read.status(), StatusCode::OK);
    app.stop().await
}

/// What schemathesis found (`cargo xtask api-check`): bodies the schema forbids that serde
/// accepted, numbers the schema allows that serde refused, and a plain-text 400.
#[tokio::test]
async fn request_shapes_follow_the_openapi_document() -> anyhow::Result<()> {
    let (app, _site) = spawn_with(|_| {}).await?;
    let before = snapshot(&app).await?;
    let client = reqwest::Client::new();
    let post = |path: &str, body: Value| {
        client
            .post(format!("{}{path}", app.base_url))
            .json(&body)
            .send()
    };

    // serde reads a struct from an array too, field by field; the API takes objects only.
    for (path, body, field) in [
        ("/api/v1/estimate", json!([{}, null, null]), Value::Null),
        ("/api/v1/scenarios", json!([{}]), Value::Null),
        (
            "/api/v1/estimate",
            json!({ "scenario": { "overrides": [null, null] } }),
            json!("scenario.overrides"),
        ),
        (
            "/api/v1/sweep",
            json!({ "scenario": { "data": ["900"] } }),
            json!("scenario.data"),
        ),
    ] {
        let response = post(path, body.clone()).await?;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path} {body}"
        );
        let error = &response.json::<Value>().await?["error"];
        assert_eq!(error["field"], field, "{path} {body}: {error}");
    }

    // A decimal may be a JSON number, as the schema says; it is read exactly.
    let response = post(
        "/api/v1/estimate",
        json!({ "scenario": { "data": { "size_gb": 900 }, "traffic": { "reads_per_second": 1234.5 } } }),
    )
    .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let with_numbers: Value = response.json().await?;
    let response = post(
        "/api/v1/estimate",
        json!({ "scenario": { "data": { "size_gb": "900" }, "traffic": { "reads_per_second": "1234.5" } } }),
    )
    .await?;
    let with_strings: Value = response.json().await?;
    assert_eq!(with_numbers["options"], with_strings["options"]);

    // An unknown query parameter is a JSON 422 naming it, not axum's plain text.
    let response = client
        .post(format!(
            "{}/api/v1/price-tables/import-aws?regoin=us-east-1",
            app.base_url
        ))
        .body("{}")
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error = &response.json::<Value>().await?["error"];
    assert_eq!(error["code"], "invalid_query");
    assert!(
        error["message"].as_str().unwrap_or("").contains("regoin"),
        "{error}"
    );

    // The write routes document the rate limit's 429.
    let spec: Value = reqwest::get(format!("{}/api/v1/openapi.json", app.base_url))
        .await?
        .json()
        .await?;
    for path in [
        "/api/v1/scenarios",
        "/api/v1/price-tables",
        "/api/v1/price-tables/import-aws",
    ] {
        assert!(
            spec["paths"][path]["post"]["responses"]["429"].is_object(),
            "{path} does not document 429"
        );
    }

    // Nothing was stored: every write here was refused.
    assert_eq!(snapshot(&app).await?, before);
    app.stop().await
}
