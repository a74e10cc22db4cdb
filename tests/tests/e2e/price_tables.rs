//! `/api/v1/price-tables` on SQLite and PostgreSQL: import, idempotent re-import, list,
//! show, diff, export, region default; bad and oversized uploads store nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};
use tests::{Backend, TestApp, TestDatabase};

/// The bundled us-east-1 snapshot as JSON, to derive test tables from.
fn us_east_1() -> Value {
    let (_, text) = pricing_data::bundled()
        .into_iter()
        .find(|(name, _)| name.contains("us-east-1"))
        .expect("the us-east-1 snapshot is bundled");
    serde_json::from_str(text).expect("bundled snapshot is JSON")
}

/// A table that differs from the bundled one by its name and one price: DynamoDB Standard
/// on-demand writes from $0.625 to $0.50 per million, a change of (0.50 - 0.625) / 0.625 =
/// -20 %.
fn cheaper_writes() -> Value {
    let mut table = us_east_1();
    table["name"] = json!("us-east-1 with cheaper on-demand writes");
    table["dynamodb"]["table_classes"]["standard"]["on_demand_write_per_million"] = json!("0.50");
    table
}

async fn spawn(backend: Backend) -> anyhow::Result<Option<(TestApp, tempfile::TempDir)>> {
    let Some(db) = TestDatabase::new(backend).await? else {
        return Ok(None);
    };
    let site = tempfile::tempdir()?;
    let app = TestApp::spawn(db, site.path()).await?;
    Ok(Some((app, site)))
}

async fn list(app: &TestApp) -> anyhow::Result<Vec<Value>> {
    let body: Value = reqwest::get(format!("{}/api/v1/price-tables", app.base_url))
        .await?
        .json()
        .await?;
    Ok(body["price_tables"].as_array().cloned().unwrap_or_default())
}

async fn import_list_show_diff_export(backend: Backend) -> anyhow::Result<()> {
    let Some((app, _site)) = spawn(backend).await? else {
        return Ok(());
    };
    let http = reqwest::Client::new();
    let base = &app.base_url;

    // An empty database starts with the bundled snapshots, one default per region.
    let seeded = list(&app).await?;
    assert_eq!(seeded.len(), pricing_data::bundled().len());
    assert!(seeded.iter().all(|v| v["is_default"] == true));
    let original = seeded
        .iter()
        .find(|v| v["region"] == "us-east-1")
        .expect("us-east-1")
        .clone();
    let original_id = original["id"].as_str().unwrap().to_owned();
    // Snapshots from 2025-06-01 are far more than 90 days old by now.
    assert_eq!(original["stale"], true);
    assert!(original["age_days"].as_i64().unwrap() > 90);

    // Import a changed table: 201, a new version, not the default (the region has one).
    let response = http
        .post(format!("{base}/api/v1/price-tables"))
        .json(&cheaper_writes())
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await?;
    let new_id = created["id"].as_str().unwrap().to_owned();
    assert_ne!(new_id, original_id);
    assert_eq!(created["is_default"], false);
    assert_eq!(created["name"], "us-east-1 with cheaper on-demand writes");

    // The same content again, with keys reordered and other whitespace: 200, same version.
    let reordered = {
        let value = cheaper_writes();
        let mut entries: Vec<(String, Value)> =
            value.as_object().unwrap().clone().into_iter().collect();
        entries.reverse();
        let mut text = String::from("{\n");
        for (i, (key, value)) in entries.iter().enumerate() {
            if i > 0 {
                text.push_str(",\n");
            }
            text.push_str(&format!(
                "  {}: {}",
                serde_json::to_string(key)?,
                serde_json::to_string_pretty(value)?
            ));
        }
        text.push_str("\n}\n");
        text
    };
    let response = http
        .post(format!("{base}/api/v1/price-tables"))
        .header("content-type", "application/json")
        .body(reordered)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let again: Value = response.json().await?;
    assert_eq!(again["id"], created["id"]);
    assert_eq!(list(&app).await?.len(), seeded.len() + 1);

    // Show returns the document.
    let shown: Value = reqwest::get(format!("{base}/api/v1/price-tables/{new_id}"))
        .await?
        .json()
        .await?;
    assert_eq!(
        shown["table"]["dynamodb"]["table_classes"]["standard"]["on_demand_write_per_million"],
        "0.50"
    );
    assert_eq!(shown["region"], "us-east-1");

    // Diff: exactly the one price, with old, new and percentage.
    let diff: Value = reqwest::get(format!(
        "{base}/api/v1/price-tables/{original_id}/diff/{new_id}"
    ))
    .await?
    .json()
    .await?;
    let changes = diff["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert!(
        changes[0]["path"]
            .as_str()
            .unwrap()
            .contains("on_demand_write_per_million")
    );
    assert_eq!(changes[0]["kind"], "changed");
    assert_eq!(changes[0]["old"], "0.625");
    assert_eq!(changes[0]["new"], "0.50");
    assert_eq!(
        changes[0]["percent"].as_str().unwrap().parse::<f64>()?,
        -20.0
    );

    // Export equals import: the exported document parses to the same table and hash.
    let response = reqwest::get(format!("{base}/api/v1/price-tables/{new_id}/export")).await?;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-disposition"]
            .to_str()?
            .contains(&format!("{new_id}.json"))
    );
    let exported = response.text().await?;
    let today = time::OffsetDateTime::now_utc().date();
    let reparsed = pricing_data::parse(&exported, today).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let imported = pricing_data::parse(&cheaper_writes().to_string(), today)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    assert_eq!(reparsed, imported);
    assert_eq!(
        pricing_data::content_hash(&reparsed),
        created["content_hash"].as_str().unwrap()
    );

    // Set the new version as the region's default; the old one stops being it.
    let response = http
        .post(format!("{base}/api/v1/price-tables/{new_id}/default"))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::OK);
    let after = list(&app).await?;
    let is_default = |id: &str| after.iter().find(|v| v["id"] == id).unwrap()["is_default"].clone();
    assert_eq!(is_default(&new_id), true);
    assert_eq!(is_default(&original_id), false);

    // Unknown ids are JSON 404s.
    for path in [
        "pt-000000000000000000000000",
        "pt-0/export",
        &format!("{original_id}/diff/pt-nope"),
    ] {
        let response = reqwest::get(format!("{base}/api/v1/price-tables/{path}")).await?;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let body: Value = response.json().await?;
        assert_eq!(body["error"]["code"], "not_found");
    }
    app.stop().await
}

async fn bad_uploads_store_nothing(backend: Backend) -> anyhow::Result<()> {
    let Some((app, _site)) = spawn(backend).await? else {
        return Ok(());
    };
    let http = reqwest::Client::new();
    let url = format!("{}/api/v1/price-tables", app.base_url);
    let before = list(&app).await?;

    // Three problems at once, each named by its path.
    let mut bad = cheaper_writes();
    bad["region"] = json!("us-east-42");
    bad["dynamodb"]["table_classes"]["standard"]["on_demand_read_per_million"] = json!("-0.125");
    bad["rds"]["enginez"] = json!({});
    let response = http.post(&url).json(&bad).send().await?;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await?;
    assert_eq!(body["error"]["code"], "invalid_price_table");
    let paths: Vec<&str> = body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    for expected in [
        "region",
        "dynamodb.table_classes.standard.on_demand_read_per_million",
        "rds.enginez",
    ] {
        assert!(paths.contains(&expected), "{expected} not in {paths:?}");
    }

    // Not JSON at all.
    let response = http
        .post(&url)
        .body("{\"schema_version\": 1, ")
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.json::<Value>().await?["error"]["details"][0]["kind"],
        "syntax"
    );

    // Larger than the server's body limit (4 MiB by default): 413, as JSON.
    let mut huge = cheaper_writes();
    huge["source"] = json!("x".repeat(5 * 1024 * 1024));
    let response = http.post(&url).json(&huge).send().await?;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        response.json::<Value>().await?["error"]["code"],
        "payload_too_large"
    );

    assert_eq!(
        list(&app).await?,
        before,
        "a rejected upload changed what is stored"
    );
    app.stop().await
}

#[tokio::test]
async fn price_tables_sqlite() -> anyhow::Result<()> {
    import_list_show_diff_export(Backend::Sqlite).await
}

#[tokio::test]
async fn price_tables_postgres() -> anyhow::Result<()> {
    import_list_show_diff_export(Backend::Postgres).await
}

#[tokio::test]
async fn bad_uploads_store_nothing_sqlite() -> anyhow::Result<()> {
    bad_uploads_store_nothing(Backend::Sqlite).await
}

#[tokio::test]
async fn bad_uploads_store_nothing_postgres() -> anyhow::Result<()> {
    bad_uploads_store_nothing(Backend::Postgres).await
}

#[tokio::test]
async fn price_table_schema_is_served() -> anyhow::Result<()> {
    let Some((app, _site)) = spawn(Backend::Sqlite).await? else {
        unreachable!()
    };
    let response =
        reqwest::get(format!("{}/api/v1/schemas/price-table.json", app.base_url)).await?;
    assert_eq!(response.status(), StatusCode::OK);
    let schema: Value = response.json().await?;
    assert_eq!(schema["title"], "dbcost price table");
    assert!(schema["properties"]["dynamodb"].is_object());
    app.stop().await
}

fn offer_fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../pricing-data/testdata/aws-offers")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

async fn import_aws_offer_files(backend: Backend) -> anyhow::Result<()> {
    let Some((app, _site)) = spawn(backend).await? else {
        return Ok(());
    };
    let http = reqwest::Client::new();
    let url = format!("{}/api/v1/price-tables/import-aws", app.base_url);
    let before = list(&app).await?;

    // The DynamoDB offer fixture, streamed as the body.
    let response = http
        .post(format!(
            "{url}?region=us-east-1&file_name=AmazonDynamoDB.json"
        ))
        .body(offer_fixture("AmazonDynamoDB-us-east-1.json"))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await?;
    assert_eq!(created["region"], "us-east-1");
    assert!(
        created["report"]["skus_mapped"].as_u64().unwrap_or(0) > 0,
        "{}",
        created["report"]
    );
    let id = created["id"].as_str().unwrap();
    let shown: Value = reqwest::get(format!("{}/api/v1/price-tables/{id}", app.base_url))
        .await?
        .json()
        .await?;
    assert!(shown["table"]["dynamodb"].is_object(), "{}", shown["table"]);
    assert!(
        shown["table"]["source"]
            .as_str()
            .unwrap()
            .contains("AmazonDynamoDB.json")
    );

    // The same prices as CSV give the same table (only `source`, naming the file, differs).
    let response = http
        .post(format!(
            "{url}?region=us-east-1&file_name=AmazonDynamoDB.csv"
        ))
        .body(offer_fixture("AmazonDynamoDB-us-east-1.csv"))
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    let csv_id = response.json::<Value>().await?["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut from_csv: Value =
        reqwest::get(format!("{}/api/v1/price-tables/{csv_id}", app.base_url))
            .await?
            .json()
            .await?;
    let mut from_json = shown.clone();
    for table in [&mut from_csv["table"], &mut from_json["table"]] {
        table.as_object_mut().unwrap().remove("source");
    }
    assert_eq!(from_csv["table"], from_json["table"]);

    // A truncated file fails with its byte offset and stores nothing.
    let mut truncated = offer_fixture("AmazonDynamoDB-us-east-1.json");
    truncated.truncate(truncated.len() / 2);
    let response = http
        .post(format!("{url}?region=us-east-1"))
        .body(truncated)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await?;
    assert_eq!(body["error"]["code"], "invalid_offer_file");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at byte"),
        "{body}"
    );
    assert_eq!(list(&app).await?.len(), before.len() + 2);
    app.stop().await
}

/// A `multipart/form-data` body with one file part per `(file name, bytes)`, as a browser's
/// `FormData` sends it.
pub fn offer_form(files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----dbcost-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn several_offer_files_in_one_form_make_one_table() -> anyhow::Result<()> {
    let Some((app, _site)) = spawn(Backend::Sqlite).await? else {
        unreachable!()
    };
    let http = reqwest::Client::new();
    let url = format!(
        "{}/api/v1/price-tables/import-aws?region=us-east-1",
        app.base_url
    );
    let before = list(&app).await?;

    // DynamoDB as JSON and DAX as CSV, one form: one table with both, and both files reported.
    let ddb = offer_fixture("AmazonDynamoDB-us-east-1.json");
    let dax = offer_fixture("AmazonDAX-us-east-1.csv");
    let (content_type, body) =
        offer_form(&[("AmazonDynamoDB.json", &ddb), ("AmazonDAX.csv", &dax)]);
    let response = http
        .post(&url)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Value = response.json().await?;
    let files: Vec<&str> = created["report"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["offer_code"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["AmazonDynamoDB", "AmazonDAX"]);
    let id = created["id"].as_str().unwrap();
    let shown: Value = reqwest::get(format!("{}/api/v1/price-tables/{id}", app.base_url))
        .await?
        .json()
        .await?;
    let dynamodb = &shown["table"]["dynamodb"];
    // The two DAX node types of the DAX fixture, and DynamoDB's own prices, in one table.
    assert_eq!(
        dynamodb["dax"]["nodes"].as_array().map(Vec::len),
        Some(2),
        "{dynamodb}"
    );
    assert_eq!(
        dynamodb["table_classes"]["standard"]["on_demand_read_per_million"],
        "0.125"
    );
    assert_eq!(list(&app).await?.len(), before.len() + 1);

    // A good first file and a truncated second one: the byte offset in the second file, and
    // nothing stored (not even the first file's prices).
    let ec = offer_fixture("AmazonElastiCache-us-east-1.json");
    let cut = &ec[..ec.len() / 2];
    let (content_type, body) = offer_form(&[
        ("AmazonRDS.json", &offer_fixture("AmazonRDS-us-east-1.json")),
        ("AmazonElastiCache.json", cut),
    ]);
    let response = http
        .post(&url)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = response.json().await?;
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("AmazonElastiCache.json"), "{message}");
    assert!(
        message.contains(&format!("at byte {}", cut.len())),
        "{message}"
    );
    assert_eq!(list(&app).await?.len(), before.len() + 1);

    // A form with no file part is refused.
    let (content_type, body) = offer_form(&[]);
    let response = http
        .post(&url)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await?;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.stop().await
}

#[tokio::test]
async fn import_aws_offer_files_sqlite() -> anyhow::Result<()> {
    import_aws_offer_files(Backend::Sqlite).await
}

#[tokio::test]
async fn import_aws_offer_files_postgres() -> anyhow::Result<()> {
    import_aws_offer_files(Backend::Postgres).await
}

#[tokio::test]
async fn three_replicas_migrate_one_postgres_database_at_once() -> anyhow::Result<()> {
    let Some(db) = TestDatabase::new(Backend::Postgres).await? else {
        return Ok(());
    };
    let site = tempfile::tempdir()?;
    // Three servers start at the same moment on one fresh database: sqlx's migration lock lets
    // one migrate; the first-start import of the bundled tables is idempotent.
    let (a, b, c) = tokio::join!(
        tests::app_state(&db, site.path()),
        tests::app_state(&db, site.path()),
        tests::app_state(&db, site.path()),
    );
    let (a, _b, _c) = (a?, b?, c?);
    let applied: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&a.db.pool)
        .await?;
    let files = std::fs::read_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/migrations"),
    )?
    .count();
    assert_eq!(applied.0, files as i64);
    assert_eq!(
        a.db.count_price_tables().await?,
        pricing_data::bundled().len() as i64
    );
    Ok(())
}

/// Importing a table whose id (the first 96 bits of its content hash) is already stored with
/// other content fails, naming the id, and stores nothing: the import does not answer with
/// the other table as if it were this one.
async fn an_id_taken_by_other_content_is_an_error(backend: Backend) -> anyhow::Result<()> {
    let Some(db) = TestDatabase::new(backend).await? else {
        return Ok(());
    };
    let site = tempfile::tempdir()?;
    let state = tests::app_state(&db, site.path()).await?;
    let table = pricing_data::parse(
        &cheaper_writes().to_string(),
        server::storage::price_tables::today(),
    )
    .map_err(|errors| anyhow::anyhow!("{errors:?}"))?;
    let id = server::storage::price_tables::id_for_hash(&pricing_data::content_hash(&table));
    sqlx::query(
        "INSERT INTO price_tables (id, content_hash, name, region, currency, effective_date, \
         imported_at, document) VALUES ($1, $2, 'other', 'us-east-1', 'USD', '2026-01-01', \
         '2026-01-01T00:00:00Z', '{}')",
    )
    .bind(&id)
    .bind("0".repeat(64))
    .execute(&state.db.pool)
    .await?;
    let before = state.db.count_price_tables().await?;
    let error = state
        .db
        .import_price_table(&table)
        .await
        .expect_err("an id taken by other content must not import");
    assert!(
        format!("{error:#}").contains(&format!("price table id {id} is already taken")),
        "{error:#}"
    );
    assert_eq!(state.db.count_price_tables().await?, before);
    Ok(())
}

#[tokio::test]
async fn an_id_taken_by_other_content_is_an_error_sqlite() -> anyhow::Result<()> {
    an_id_taken_by_other_content_is_an_error(Backend::Sqlite).await
}

#[tokio::test]
async fn an_id_taken_by_other_content_is_an_error_postgres() -> anyhow::Result<()> {
    an_id_taken_by_other_content_is_an_error(Backend::Postgres).await
}
