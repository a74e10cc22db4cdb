//! The price tables page: the list, an upload with an error (the field path shown, nothing
//! stored), a valid upload (it appears in the list), the diff of two versions (the changed
//! price with old, new and %), and setting a region's default.

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
        .client
        .find(fantoccini::Locator::Css("[data-testid=diff-from]"))
        .await?
        .select_by_value(&us_east)
        .await?;
    browser
        .client
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
        .client
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
