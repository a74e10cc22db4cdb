//! Sharing: the address bar holds the scenario, so the Share URL opened in a new browser shows
//! the same numbers (and its first HTML already does); a saved link does too, pinned to its
//! price version. The stale-price banner shows for an old table and not for a fresh one; an
//! undecodable link gets a clear error page.

use std::time::Duration;

use serde_json::{Value, json};
use tests::browser::{Browser, expected_numbers};
use tests::{TestApp, artefacts_dir};

#[tokio::test]
async fn share_and_saved_links_reproduce_the_numbers_in_a_new_browser() -> anyhow::Result<()> {
    let app = TestApp::spawn_with_site().await?;
    let browser = Browser::start(1440, 1000).await?;
    browser.open_hydrated(&app.base_url).await?;

    browser
        .type_into("#f-traffic-reads_per_second", "900")
        .await?;
    browser.type_into("#f-data-size_gb", "750").await?;
    let scenario =
        json!({ "data": { "size_gb": "750" }, "traffic": { "reads_per_second": "900" } });
    let numbers = expected_numbers(&app.base_url, scenario).await?;
    browser.wait_for_numbers(&numbers).await?;

    // Share: the URL is the scenario.
    browser.click("[data-testid=share-button]").await?;
    browser
        .wait_until("document.querySelector('[data-testid=share-url]')", secs(5))
        .await?;
    let url = browser
        .js("return document.querySelector('[data-testid=share-url]').value;")
        .await?;
    let url = url.as_str().unwrap_or_default().to_owned();
    assert!(url.starts_with(&format!("{}/?s=1.", app.base_url)), "{url}");
    assert!(
        url.contains("&pt=pt-"),
        "the link names its price table: {url}"
    );
    assert!(url.len() < 2000, "{} characters", url.len());

    // Its first HTML already holds the numbers.
    let html = reqwest::get(&url).await?.text().await?;
    for pair in &numbers {
        let (id, value) = pair.split_once('=').unwrap_or_default();
        assert!(
            html.contains(&format!(r#"data-option-id="{id}""#))
                && html.contains(&format!(r#"data-value="{value}""#)),
            "{id} = {value} missing from the shared page's first HTML"
        );
    }

    // Opened in a new browser, it shows the same numbers, and the form the same inputs.
    let other = Browser::start(1440, 1000).await?;
    other.open_hydrated(&url).await?;
    other.wait_for_numbers(&numbers).await?;
    assert_eq!(
        other
            .js("return document.getElementById('f-traffic-reads_per_second').value;")
            .await?,
        json!("900")
    );

    // Save link: a short /s/{id}, pinned to its price version.
    browser.click("[data-testid=save-link]").await?;
    browser
        .wait_until(
            "document.querySelector('[data-testid=saved-url]')",
            secs(10),
        )
        .await?;
    let path = browser
        .js("return document.querySelector('[data-testid=saved-url]').getAttribute('href');")
        .await?;
    let path = path.as_str().unwrap_or_default().to_owned();
    assert!(path.starts_with("/s/") && path.len() >= 25, "{path}");
    let saved_url = format!("{}{path}", app.base_url);
    let html = reqwest::get(&saved_url).await?.text().await?;
    assert!(html.contains("Pinned to price version"), "{html}");
    other.open_hydrated(&saved_url).await?;
    other.wait_for_numbers(&numbers).await?;
    let pinned = other.text("[data-testid=pinned-version]").await?;
    assert!(pinned.contains("pt-"), "{pinned}");
    other
        .screenshot(&artefacts_dir().join("saved-1440.png"))
        .await?;
    // Editing a saved scenario makes a new link (`/?...`); the saved one's card goes with its
    // address and comes back with it.
    other.type_into("#f-data-size_gb", "751").await?;
    other
        .wait_until(
            "location.pathname === '/' && location.search.startsWith('?s=1.') \
             && document.getElementById('pinned-version').hidden",
            secs(10),
        )
        .await?;
    other.client().back().await?;
    other
        .wait_until(
            "location.pathname.startsWith('/s/') \
             && !document.getElementById('pinned-version').hidden \
             && document.getElementById('f-data-size_gb').value === '750'",
            secs(10),
        )
        .await?;
    other.close().await?;

    // Back restores the previous scenario (the address is the state).
    browser.click("[data-preset='dev-test']").await?;
    browser
        .wait_until(
            "document.getElementById('f-data-size_gb').value === '20'",
            secs(10),
        )
        .await?;
    browser.client().back().await?;
    browser
        .wait_until(
            "document.getElementById('f-data-size_gb').value === '750'",
            secs(10),
        )
        .await?;
    browser.wait_for_numbers(&numbers).await?;

    let errors = browser.console_errors().await?;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    browser.close().await?;
    app.stop().await
}

#[tokio::test]
async fn stale_banner_for_an_old_table_not_for_a_fresh_one_and_bad_links_explain()
-> anyhow::Result<()> {
    let app = TestApp::spawn_with_site().await?;

    // The bundled tables are effective 2025-06-01: older than 90 days, stale.
    let html = reqwest::get(&app.base_url).await?.text().await?;
    assert!(html.contains(r#"data-testid="stale-price-warning""#));
    assert!(html.contains("Prices are from 2025-06-01 ("), "{html}");

    // A table effective today is fresh.
    let mut table: Value = serde_json::from_str(&std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../pricing-data/snapshots/aws-us-east-1.json"),
    )?)?;
    let today = time::OffsetDateTime::now_utc().date();
    let today = format!(
        "{:04}-{:02}-{:02}",
        today.year(),
        u8::from(today.month()),
        today.day()
    );
    table["effective_date"] = json!(today);
    table["name"] = json!("AWS us-east-1 list prices (fresh)");
    let stored: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/price-tables", app.base_url))
        .json(&table)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let fresh = stored["id"].as_str().expect("id").to_owned();

    let browser = Browser::start(1440, 1000).await?;
    browser.open_hydrated(&app.base_url).await?;
    let banner = browser.text("[data-testid=stale-price-warning]").await?;
    assert!(banner.contains("days old"), "{banner}");
    assert!(banner.contains("Import a newer snapshot"), "{banner}");

    browser
        .open_hydrated(&format!("{}/?pt={fresh}", app.base_url))
        .await?;
    browser
        .wait_until(
            &format!("document.querySelector('[data-testid=price-version]').textContent.includes('{fresh}')"),
            secs(10),
        )
        .await?;
    assert_eq!(
        browser
            .js("return document.querySelectorAll('[data-testid=stale-price-warning]').length;")
            .await?,
        json!(0)
    );

    let errors = browser.console_errors().await?;
    assert!(errors.is_empty(), "console errors: {errors:#?}");

    // A link that cannot be decoded: a clear page with status 400, not a crash.
    let response = reqwest::get(format!("{}/?s=1.not-a-scenario!!", app.base_url)).await?;
    assert_eq!(response.status(), 400);
    let html = response.text().await?;
    assert!(html.contains("This link cannot be opened"), "{html}");
    browser
        .open_hydrated(&format!("{}/?s=2.abc", app.base_url))
        .await?;
    let text = browser.text("[data-testid=bad-link]").await?;
    assert!(text.contains("unknown format"), "{text}");
    browser
        .screenshot(&artefacts_dir().join("bad-link-1440.png"))
        .await?;

    let errors = browser
        .unexpected_console_errors(&[("/?s=2.abc", 400)])
        .await?;
    assert!(errors.is_empty(), "console errors: {errors:#?}");

    // A stateless link pinned to the old table offers to re-price once the region's default
    // is the newer one, keeping the scenario and swapping `pt`.
    let list: Value = reqwest::get(format!("{}/api/v1/price-tables", app.base_url))
        .await?
        .json()
        .await?;
    let old = list["price_tables"]
        .as_array()
        .expect("list")
        .iter()
        .find(|v| v["region"] == "us-east-1" && v["is_default"] == true)
        .and_then(|v| v["id"].as_str())
        .expect("the bundled default")
        .to_owned();
    let html = reqwest::get(format!("{}/?pt={old}", app.base_url))
        .await?
        .text()
        .await?;
    assert!(
        !html.contains(r#"data-testid="reprice""#),
        "no offer while it is the default"
    );
    reqwest::Client::new()
        .post(format!(
            "{}/api/v1/price-tables/{fresh}/default",
            app.base_url
        ))
        .send()
        .await?
        .error_for_status()?;
    let html = reqwest::get(format!("{}/?pt={old}", app.base_url))
        .await?
        .text()
        .await?;
    assert!(html.contains(r#"data-testid="reprice""#), "{html}");
    assert!(html.contains(&format!("href=\"/?pt={fresh}\"")), "{html}");
    browser
        .open_hydrated(&format!("{}/?pt={old}", app.base_url))
        .await?;
    browser.click("[data-testid=reprice-link]").await?;
    browser
        .wait_until(
            &format!("document.querySelector('[data-testid=price-version]').textContent.includes('{fresh}')"),
            secs(10),
        )
        .await?;
    browser.close().await?;
    app.stop().await
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}
