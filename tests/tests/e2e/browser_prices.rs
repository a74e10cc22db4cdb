//! The price tables page: the list, an upload with an error (the field path shown, nothing
//! stored), a valid upload (it appears in the list), the diff of two versions (the changed
//! price with old, new and %), setting a region's default, and the import of AWS offer files
//! with upload progress (the report's counts, the new version listed; a truncated file's byte
//! offset and nothing stored).

use std::time::Duration;

use serde_json::{Value, json};
use tests::browser::Browser;
use tests::{TestApp, artefacts_dir};

const PRICE: &str = "dynamodb.table_classes.standard.on_demand_read_per_million";

#[tokio::test]
async fn upload_list_diff_and_default_on_the_price_tables_page() -> anyhow::Result<()> {
    let app = TestApp::spawn_with_site().await?;
    let bundled: Value = serde_json::from_str(&std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../pricing-data/snapshots/aws-us-east-1.json"),
    )?)?;
    let before = list(&app).await?;
    let us_east = before
        .iter()
        .find(|v| v["region"] == "us-east-1")
        .and_then(|v| v["id"].as_str())
        .expect("the bundled us-east-1 table")
        .to_owned();

    let browser = Browser::start(1440, 1000).await?;
    browser
        .open_hydrated(&format!("{}/prices", app.base_url))
        .await?;
    assert_eq!(
        browser
            .attrs("[data-testid=price-table-row]", "data-id")
            .await?
            .len(),
        before.len()
    );
    let files = tempfile::tempdir()?;
    // The file input is visually hidden behind its label; show it so WebDriver can type a
    // path into it, as a user picks a file.
    browser
        .js(
            "const i = document.querySelector('[data-testid=price-table-file]'); \
             i.style.opacity = 1; i.style.width = 'auto'; i.style.height = 'auto'; \
             i.style.position = 'static'; return true;",
        )
        .await?;

    // 1. An invalid table: every field error by its path, nothing stored.
    let mut bad = bundled.clone();
    bad["region"] = json!("us-east-42");
    bad["name"] = json!("Broken table");
    let bad_path = files.path().join("bad.json");
    std::fs::write(&bad_path, serde_json::to_vec_pretty(&bad)?)?;
    pick_file(&browser, &bad_path).await?;
    browser
        .wait_until(
            "document.querySelector('[data-testid=upload-errors]')",
            secs(10),
        )
        .await?;
    let errors = browser.text("[data-testid=upload-errors]").await?;
    assert!(errors.contains("region"), "{errors}");
    assert!(errors.contains("us-east-42"), "{errors}");
    assert_eq!(list(&app).await?.len(), before.len(), "nothing was stored");
    browser
        .screenshot(&artefacts_dir().join("prices-upload-error-1440.png"))
        .await?;

    // 2. A valid table with one price changed: imported, listed.
    let mut good = bundled.clone();
    good["name"] = json!("AWS us-east-1 list prices (re-checked)");
    good["dynamodb"]["table_classes"]["standard"]["on_demand_read_per_million"] = json!("0.10");
    let good_path = files.path().join("good.json");
    std::fs::write(&good_path, serde_json::to_vec_pretty(&good)?)?;
    pick_file(&browser, &good_path).await?;
    browser
        .wait_until(
            "document.querySelector('[data-testid=upload-ok]')",
            secs(10),
        )
        .await?;
    let after = list(&app).await?;
    assert_eq!(after.len(), before.len() + 1);
    let new_id = after
        .iter()
        .find(|v| v["name"] == "AWS us-east-1 list prices (re-checked)")
        .and_then(|v| v["id"].as_str())
        .expect("the new version")
        .to_owned();
    browser
        .wait_until(
            &format!(
                "document.querySelector(\"[data-testid=price-table-row][data-id='{new_id}']\")"
            ),
            secs(10),
        )
        .await?;

    // 3. The diff shows the changed price, old, new and percent.
    browser
        .open_hydrated(&format!(
            "{}/prices?from={us_east}&to={new_id}",
            app.base_url
        ))
        .await?;
    let row = format!("[data-testid=price-table-diff] [data-testid=diff-row][data-path='{PRICE}']");
    let text = browser.text(&row).await?;
    assert!(text.contains("0.125"), "{text}");
    assert!(text.contains("0.10"), "{text}");
    assert!(text.contains("-20"), "{text}");
    // The diff form is wired too: choosing two versions and submitting shows the same.
    browser
        .open_hydrated(&format!("{}/prices", app.base_url))
        .await?;
    browser
        .client()
        .find(fantoccini::Locator::Css("[data-testid=diff-from]"))
        .await?
        .select_by_value(&us_east)
        .await?;
    browser
        .client()
        .find(fantoccini::Locator::Css("[data-testid=diff-to]"))
        .await?
        .select_by_value(&new_id)
        .await?;
    browser.click("[data-testid=diff-button]").await?;
    browser
        .wait_until(&format!("document.querySelector(\"{row}\")"), secs(10))
        .await?;
    browser
        .js("document.querySelector('[data-testid=price-table-list]').closest('section').scrollIntoView(); return true;")
        .await?;
    browser
        .screenshot(&artefacts_dir().join("prices-1440.png"))
        .await?;

    // 4. Set the new version as us-east-1's default.
    browser
        .click(&format!(
            "[data-testid=price-table-row][data-id='{new_id}'] [data-testid=set-default]"
        ))
        .await?;
    browser
        .wait_until(
            &format!(
                "!document.querySelector(\"[data-testid=price-table-row][data-id='{new_id}'] [data-testid=set-default]\")"
            ),
            secs(10),
        )
        .await?;
    let now = list(&app).await?;
    let new = now
        .iter()
        .find(|v| v["id"] == new_id.as_str())
        .expect("new");
    assert_eq!(new["is_default"], json!(true));

    let console = browser
        .unexpected_console_errors(&[("/api/v1/price-tables", 422)])
        .await?;
    assert!(console.is_empty(), "console errors: {console:#?}");
    browser.close().await?;

    let phone = Browser::start(390, 844).await?;
    phone
        .open_hydrated(&format!(
            "{}/prices?from={us_east}&to={new_id}",
            app.base_url
        ))
        .await?;
    let overflow = phone
        .js("return document.documentElement.scrollWidth > window.innerWidth;")
        .await?;
    assert_eq!(overflow, json!(false), "horizontal scroll at 390 px");
    phone
        .screenshot(&artefacts_dir().join("prices-390.png"))
        .await?;
    phone.close().await?;
    app.stop().await
}

async fn pick_file(browser: &Browser, path: &std::path::Path) -> anyhow::Result<()> {
    let input = browser
        .client()
        .find(fantoccini::Locator::Css("[data-testid=price-table-file]"))
        .await?;
    input.send_keys(&path.display().to_string()).await?;
    Ok(())
}

async fn list(app: &TestApp) -> anyhow::Result<Vec<Value>> {
    let body: Value = reqwest::get(format!("{}/api/v1/price-tables", app.base_url))
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok(body["price_tables"].as_array().cloned().unwrap_or_default())
}

/// The offer-file fixtures of `pricing-data/testdata/aws-offers/`.
fn offer_fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../pricing-data/testdata/aws-offers")
        .join(name)
}

/// Counts the fixture's products (SKUs) of a JSON offer file, and those whose attributes match
/// `matches`: the expected report numbers come from the files, not from the UI.
fn count_products(name: &str, matches: impl Fn(&Value) -> bool) -> anyhow::Result<(u64, u64)> {
    let offer: Value = serde_json::from_slice(&std::fs::read(offer_fixture(name))?)?;
    let products = offer["products"].as_object().cloned().unwrap_or_default();
    let hits = products
        .values()
        .filter(|p| matches(&p["attributes"]))
        .count();
    Ok((products.len() as u64, hits as u64))
}

#[tokio::test]
async fn aws_offer_files_import_with_upload_progress() -> anyhow::Result<()> {
    let app = TestApp::spawn_with_site().await?;
    let before = list(&app).await?;
    // RDS, DynamoDB and ElastiCache as JSON, DAX as CSV: four files, one form, one table.
    let files = [
        "AmazonRDS-us-east-1.json",
        "AmazonDynamoDB-us-east-1.json",
        "AmazonDAX-us-east-1.csv",
        "AmazonElastiCache-us-east-1.json",
    ];
    // Expected numbers, from the fixtures themselves. SKUs read: every product of each file
    // (the DAX CSV has the two products of its JSON twin). Outposts, Local Zones and other
    // regions by their attributes; the rest as annotated SKU by SKU in pricing-data's
    // `report_counts_every_skip_reason`: 1 ElastiCache SyncDurability add-on, 1 ElastiCache
    // Extended Support add-on, 7 products the schema has no place for.
    let mut read = 0;
    let (mut outposts, mut local_zones, mut other_regions) = (0, 0, 0);
    for name in files.iter().map(|f| f.replace(".csv", ".json")) {
        let (n, o) = count_products(&name, |a| a["locationType"] == "AWS Outposts")?;
        let (_, l) = count_products(&name, |a| a["locationType"] == "AWS Local Zone")?;
        let (_, r) = count_products(&name, |a| {
            a["locationType"] == "AWS Region" && a["regionCode"] != "us-east-1"
        })?;
        read += n;
        (outposts, local_zones, other_regions) = (outposts + o, local_zones + l, other_regions + r);
    }
    let skipped = outposts + local_zones + other_regions + 1 + 1 + 7;
    let mapped = read - skipped;
    assert_eq!(
        (read, mapped),
        (105, 88),
        "the fixtures changed: update this test"
    );

    // Without JavaScript the page says what to do instead (the server-rendered HTML has the
    // note; the stylesheet hides the controls until the app hydrates).
    let html = reqwest::get(format!("{}/prices", app.base_url))
        .await?
        .text()
        .await?;
    assert!(html.contains("needs JavaScript"), "no no-JS note");

    let browser = Browser::start(1440, 1000).await?;
    browser
        .open_hydrated(&format!("{}/prices", app.base_url))
        .await?;
    let display = |testid: &'static str| {
        let browser = &browser;
        async move {
            browser
                .js(&format!(
                    "return getComputedStyle(document.querySelector('[data-testid={testid}]')).display;"
                ))
                .await
        }
    };
    assert_eq!(display("aws-import-no-js").await?, json!("none"));
    reveal(&browser, "aws-import-files").await?;
    browser
        .type_into("[data-testid=aws-import-region]", "us-east-1")
        .await?;
    browser
        .type_into("[data-testid=aws-import-name]", "Offer fixtures, us-east-1")
        .await?;
    // Slow the upload (about 2 s for the ~170 kB) so the bar can be seen moving.
    browser.throttle_upload(Some(80_000)).await?;
    // chromedriver wants canonical paths (no `..`).
    let paths: Vec<String> = files
        .iter()
        .map(|f| Ok(offer_fixture(f).canonicalize()?.display().to_string()))
        .collect::<anyhow::Result<_>>()?;
    browser
        .client()
        .find(fantoccini::Locator::Css("[data-testid=aws-import-files]"))
        .await?
        .send_keys(&paths.join("\n"))
        .await?;
    conceal(&browser, "aws-import-files").await?;
    // While it sends: the bar, the live status with percent, rate and time left.
    let progress = "document.querySelector('[data-testid=aws-import-progress]')";
    browser
        .wait_until(
            &format!("{progress} && {progress}.value > {progress}.max * 0.3 || document.querySelector('[data-testid=aws-import-report]')"),
            secs(20),
        )
        .await?;
    if browser
        .js(&format!("return {progress}.value < {progress}.max;"))
        .await?
        == json!(true)
    {
        let status = browser.text("[data-testid=aws-import-status]").await?;
        assert!(status.contains(" sent ("), "{status}");
        assert!(status.contains("/s"), "a rate: {status}");
        browser
            .js("document.querySelector('[data-testid=aws-import]').scrollIntoView(); return true;")
            .await?;
        browser
            .screenshot(&artefacts_dir().join("prices-aws-import-progress-1440.png"))
            .await?;
    }
    browser
        .wait_until(
            "document.querySelector('[data-testid=aws-import-report]')",
            secs(60),
        )
        .await?;
    browser.throttle_upload(None).await?;
    // The bar reached 100 %: the browser reported every byte of the body sent.
    let (value, max) = (
        browser.js(&format!("return {progress}.value;")).await?,
        browser.js(&format!("return {progress}.max;")).await?,
    );
    assert!(value.as_f64().unwrap_or(0.0) > 0.0, "{value}");
    assert_eq!(value, max, "progress value = max");
    assert_eq!(
        browser.text("[data-testid=aws-import-percent]").await?,
        "100 %"
    );
    // The report: counts as derived above.
    let number = |testid: &'static str| {
        let browser = &browser;
        async move {
            let text = browser.text(&format!("[data-testid={testid}]")).await?;
            anyhow::Ok(text.trim().parse::<u64>()?)
        }
    };
    assert_eq!(number("aws-import-read").await?, read);
    assert_eq!(number("aws-import-mapped").await?, mapped);
    assert_eq!(number("aws-import-skipped").await?, skipped);
    let reasons = browser
        .attrs("[data-testid=aws-import-skip]", "data-reason")
        .await?;
    assert!(reasons.contains(&"outposts".to_owned()), "{reasons:?}");
    let outposts_text = browser
        .text("[data-testid=aws-import-skip][data-reason=outposts]")
        .await?;
    assert!(
        outposts_text.ends_with(&format!(": {outposts}")),
        "{outposts_text}"
    );
    // The new version: one more in the API's list, named as typed, linked from the report,
    // and shown in the page's list.
    let after = list(&app).await?;
    assert_eq!(after.len(), before.len() + 1);
    let new = after
        .iter()
        .find(|v| v["name"] == "Offer fixtures, us-east-1")
        .expect("the imported version");
    let new_id = new["id"].as_str().expect("id").to_owned();
    assert_eq!(
        browser
            .attrs("[data-testid=aws-import-link]", "href")
            .await?,
        [format!("/prices/{new_id}")]
    );
    browser
        .wait_until(
            &format!(
                "document.querySelector(\"[data-testid=price-table-row][data-id='{new_id}']\")"
            ),
            secs(10),
        )
        .await?;
    browser
        .js("document.querySelector('[data-testid=aws-import]').scrollIntoView(); return true;")
        .await?;
    browser
        .screenshot(&artefacts_dir().join("prices-aws-import-done-1440.png"))
        .await?;

    // A truncated file: the byte offset where it ends, and nothing stored.
    let cut_dir = tempfile::tempdir()?;
    let full = std::fs::read(offer_fixture("AmazonDynamoDB-us-east-1.json"))?;
    let cut = full.len() / 2;
    let cut_path = cut_dir.path().join("AmazonDynamoDB-cut.json");
    std::fs::write(&cut_path, &full[..cut])?;
    reveal(&browser, "aws-import-files").await?;
    browser
        .client()
        .find(fantoccini::Locator::Css("[data-testid=aws-import-files]"))
        .await?
        .send_keys(&cut_path.canonicalize()?.display().to_string())
        .await?;
    conceal(&browser, "aws-import-files").await?;
    browser
        .wait_until(
            "document.querySelector('[data-testid=aws-import-error]')",
            secs(20),
        )
        .await?;
    let error = browser.text("[data-testid=aws-import-error]").await?;
    assert!(error.contains("AmazonDynamoDB-cut.json"), "{error}");
    assert!(error.contains(&format!("at byte {cut}")), "{error}");
    assert!(
        error.to_lowercase().contains("nothing was stored"),
        "{error}"
    );
    assert_eq!(list(&app).await?.len(), before.len() + 1, "nothing stored");
    browser
        .screenshot(&artefacts_dir().join("prices-aws-import-error-1440.png"))
        .await?;
    let console = browser
        .unexpected_console_errors(&[(
            "/api/v1/price-tables/import-aws?region=us-east-1&name=Offer%20fixtures%2C%20us-east-1",
            422,
        )])
        .await?;
    assert!(console.is_empty(), "console errors: {console:#?}");
    browser.close().await?;
    app.stop().await
}

/// The file inputs are visually hidden behind their labels; show one so WebDriver can type
/// paths into it, as a user picks files.
async fn reveal(browser: &Browser, testid: &str) -> anyhow::Result<()> {
    browser
        .js(&format!(
            "const i = document.querySelector('[data-testid={testid}]'); \
             i.style.opacity = 1; i.style.width = 'auto'; i.style.height = 'auto'; \
             i.style.position = 'static'; return true;"
        ))
        .await?;
    Ok(())
}

/// Hides a file input [`reveal`] showed, for screenshots of the page as users see it.
async fn conceal(browser: &Browser, testid: &str) -> anyhow::Result<()> {
    browser
        .js(&format!(
            "document.querySelector('[data-testid={testid}]').removeAttribute('style'); return true;"
        ))
        .await?;
    Ok(())
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

#[tokio::test]
async fn an_option_the_table_cannot_price_lists_its_missing_prices() -> anyhow::Result<()> {
    let app = TestApp::spawn_with_site().await?;
    // A table without Aurora PostgreSQL's I/O price: the Standard configuration bills I/O,
    // so it cannot be priced; it must say which price is missing, and show no total.
    let mut table: Value = serde_json::from_str(&std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../pricing-data/snapshots/aws-us-east-1.json"),
    )?)?;
    table["name"] = json!("us-east-1 without the Aurora PostgreSQL I/O price");
    table["aurora"]["engines"]["postgresql"]
        .as_object_mut()
        .expect("aurora postgresql prices")
        .remove("io_per_million");
    let stored: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/price-tables", app.base_url))
        .json(&table)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let id = stored["id"].as_str().expect("id");

    let browser = Browser::start(1440, 1000).await?;
    browser
        .open_hydrated(&format!("{}/?pt={id}", app.base_url))
        .await?;
    let row = "[data-testid=option-row][data-option-id='aurora-postgresql-standard']";
    let missing = browser
        .text(&format!("{row} [data-testid=missing-prices]"))
        .await?;
    assert!(missing.contains("io_per_million"), "{missing}");
    assert_eq!(
        browser
            .text(&format!("{row} [data-testid=option-monthly]"))
            .await?,
        "Not priced"
    );
    let errors = browser.console_errors().await?;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    browser.close().await?;
    app.stop().await
}
