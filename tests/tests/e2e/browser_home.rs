//! The home page in headless Chromium: server-rendered first, then hydrated and interactive,
//! with the chart drawn by ECharts, no console errors and no request leaving localhost.

use std::time::Duration;

use fantoccini::Locator;
use tests::{Backend, TestApp, TestDatabase, artefacts_dir, browser, built_site_root};

#[tokio::test]
async fn home_page_renders_on_the_server_then_hydrates_with_a_chart() -> anyhow::Result<()> {
    let site = built_site_root()?;
    let db = TestDatabase::new(Backend::Sqlite)
        .await?
        .expect("sqlite always runs");
    let app = TestApp::spawn(db, &site).await?;

    // 1. The first HTML response already holds the content, before any WASM runs.
    // Business hours preset: raw loads sum to 26.4 over 24 h (mean 1.1); the 10:00 peak of
    // 2.3 is 2.3 / 1.1 = 2.09x the mean, so 500 requests/s on average peak at 1,045.
    let html = reqwest::get(&app.base_url).await?.text().await?;
    assert!(
        html.contains("Price AWS databases from your workload"),
        "{html}"
    );
    assert!(
        html.contains("Peak 1,045 requests/s at 10:00, 2.09x the average."),
        "{html}"
    );
    assert!(html.contains(r#"data-testid="chart-traffic-shape""#));
    assert!(html.contains(r#"<script src="/pkg/echarts.min.js">"#));

    let browser = browser::Browser::start(1440, 1000).await?;
    browser.open_hydrated(&app.base_url).await?;

    // 2. The chart drew: ECharts put a canvas in the container and holds our 24 hours.
    browser
        .wait_until(
            "document.querySelector('#chart-traffic-shape canvas')",
            secs(10),
        )
        .await?;
    let first_bar = "echarts.getInstanceByDom(document.getElementById('chart-traffic-shape'))\
                     .getOption().series[0].data";
    let bars = browser
        .client
        .execute(&format!("return {first_bar};"), vec![])
        .await?;
    assert_eq!(bars.as_array().map(Vec::len), Some(24), "{bars}");
    browser
        .screenshot(&artefacts_dir().join("home-1440.png"))
        .await?;

    // 3. The controls work after hydration: the DOM and the chart follow them.
    let select = browser
        .client
        .find(Locator::Css("[data-testid='shape-select']"))
        .await?;
    select.select_by_value("flat").await?;
    let flat = "Peak 500 requests/s at 00:00, 1.00x the average.";
    browser
        .wait_until(
            &format!(
                "document.querySelector('[data-testid=shape-summary]').textContent === '{flat}'"
            ),
            secs(5),
        )
        .await?;
    browser
        .wait_until(&format!("{first_bar}.every(v => v === 500)"), secs(5))
        .await?;

    let input = browser
        .client
        .find(Locator::Css("[data-testid='average-input']"))
        .await?;
    input.clear().await?;
    input.send_keys("1234").await?;
    browser
        .wait_until(&format!("{first_bar}.every(v => v === 1234)"), secs(5))
        .await?;
    assert_eq!(
        browser.text("[data-testid='shape-summary']").await?,
        "Peak 1,234 requests/s at 00:00, 1.00x the average."
    );

    // 4. No console errors, and every request stayed on this machine.
    let errors = browser.console_errors().await?;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    let urls = browser.requested_urls().await?;
    assert!(
        urls.iter().any(|u| u.ends_with("/pkg/dbcost.wasm")),
        "{urls:#?}"
    );
    let remote: Vec<_> = urls.iter().filter(|u| browser::leaves_machine(u)).collect();
    assert!(remote.is_empty(), "requests left localhost: {remote:#?}");

    browser.close().await?;

    // 5. The same page is usable on a phone-sized screen.
    let phone = browser::Browser::start(390, 844).await?;
    phone.open_hydrated(&app.base_url).await?;
    phone
        .wait_until(
            "document.querySelector('#chart-traffic-shape canvas')",
            secs(10),
        )
        .await?;
    let overflow = phone
        .client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth;",
            vec![],
        )
        .await?;
    assert_eq!(
        overflow,
        serde_json::Value::Bool(false),
        "horizontal scroll at 390 px"
    );
    phone
        .screenshot(&artefacts_dir().join("home-390.png"))
        .await?;
    phone.close().await?;

    app.stop().await
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}
