//! Ranges (issue #9) in the browser: switching an input to a range (low / likely / high)
//! prices cost bands, which the comparison table and both cost charts show, and the
//! recommendation explains the least-regret choice. The expected bands come from the API for
//! the same scenario; the page must show exactly those.

use std::time::Duration;

use serde_json::{Value, json};
use tests::browser::Browser;
use tests::{TestApp, artefacts_dir};

#[tokio::test]
async fn a_range_input_draws_a_band_in_the_table_and_the_charts() -> anyhow::Result<()> {
    let app = TestApp::spawn_with_site().await?;
    let browser = Browser::start(1440, 1000).await?;
    browser.open_hydrated(&app.base_url).await?;
    browser
        .wait_until(
            "document.querySelector('[data-testid=option-row]')",
            secs(60),
        )
        .await?;
    assert!(
        browser
            .js("return document.querySelectorAll('[data-testid=option-band]:not([hidden])').length;")
            .await?
            == json!(0),
        "single values: no band column"
    );

    // Reads per second becomes a range: the toggle keeps 200 as the likely value and offers
    // half and twice it; the user widens the high end to 2,000.
    let toggle = "[data-testid=range-toggle][data-field='traffic.reads_per_second']";
    browser.click(toggle).await?;
    browser
        .wait_until(
            "document.querySelector(\"[data-testid=range-parts][data-field='traffic.reads_per_second']:not([hidden])\")",
            secs(5),
        )
        .await?;
    assert_eq!(
        browser
            .js("return document.getElementById('f-traffic-reads_per_second-low').value;")
            .await?,
        json!("100")
    );
    browser
        .type_into("#f-traffic-reads_per_second-high", "2000")
        .await?;

    // What the API says for the same scenario.
    let scenario = json!({ "traffic": { "reads_per_second":
        { "low": "100", "likely": "200", "high": "2000" } } });
    let expected: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/estimate", app.base_url))
        .json(&json!({ "scenario": scenario }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let bands: Vec<String> = expected["uncertainty"]["options"]
        .as_array()
        .expect("the API reports bands for a ranged scenario")
        .iter()
        .filter_map(|o| {
            let m = o.get("monthly")?;
            Some(format!(
                "{}={}..{}",
                o["id"].as_str()?,
                m["p5"].as_str()?,
                m["p95"].as_str()?
            ))
        })
        .collect();
    assert!(
        expected["uncertainty"]["options"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["monthly"]["p5"] != o["monthly"]["p95"]),
        "a range of reads gives some option a band of non-zero width"
    );
    let mut sorted = bands.clone();
    sorted.sort();
    let want = serde_json::to_string(&serde_json::to_string(&sorted)?)?;
    browser
        .wait_until(
            &format!(
                "JSON.stringify(Array.from(document.querySelectorAll('[data-testid=option-row]'))\
                 .filter(r => r.querySelector('[data-testid=option-band]').dataset.p5)\
                 .map(r => {{ const b = r.querySelector('[data-testid=option-band]').dataset; \
                 return r.dataset.optionId + '=' + b.p5 + '..' + b.p95; }}).sort()) === {want}"
            ),
            secs(90),
        )
        .await?;

    // The recommendation is the least-regret option, with its sentence.
    let least = &expected["uncertainty"]["least_regret"];
    assert_eq!(
        browser
            .js("return document.querySelector('[data-testid=recommendation]').dataset.optionId;")
            .await?,
        least["option_id"]
    );
    assert_eq!(
        json!(browser.text("[data-testid=least-regret]").await?),
        least["sentence"]
    );

    // The breakdown chart marks p5, median and p95; the cost-vs-scale chart traces p5/p95.
    let series = |id: &str| {
        format!(
            "return echarts.getInstanceByDom(document.getElementById('{id}')).getOption().series\
             .filter(s => s.data && s.data.length).map(s => s.name);"
        )
    };
    browser
        .wait_until(
            "echarts.getInstanceByDom(document.getElementById('chart-breakdown')).getOption().series.some(s => s.name === 'p95')",
            secs(60),
        )
        .await?;
    let breakdown: Vec<String> =
        serde_json::from_value(browser.js(&series("chart-breakdown")).await?)?;
    for name in ["p5", "p50 (median)", "p95"] {
        assert!(
            breakdown.iter().any(|s| s == name),
            "{name} in {breakdown:?}"
        );
    }
    browser
        .wait_until(
            "echarts.getInstanceByDom(document.getElementById('chart-scale')).getOption().series.some(s => s.name.endsWith(' p95') && s.data.length)",
            secs(60),
        )
        .await?;
    let scale: Vec<String> = serde_json::from_value(browser.js(&series("chart-scale")).await?)?;
    assert!(
        scale.iter().any(|s| s.ends_with(" p5")) && scale.iter().any(|s| s.ends_with(" p95")),
        "{scale:?}"
    );

    // The address holds the range: a new browser shows the same bands.
    let url = browser.js("return location.href;").await?;
    let other = Browser::start(1440, 1000).await?;
    other
        .open_hydrated(url.as_str().unwrap_or_default())
        .await?;
    let shown = other.attrs("[data-testid=option-band]", "data-p95").await?;
    assert!(shown.iter().any(|p| !p.is_empty()), "{shown:?}");
    other.close().await?;

    browser
        .js("document.querySelector('.comparison').scrollIntoView(); return 0;")
        .await?;
    tokio::time::sleep(Duration::from_millis(1200)).await; // chart animations finish
    browser
        .screenshot(&artefacts_dir().join("calculator-ranges.png"))
        .await?;
    browser
        .js("document.querySelector('.recommendation').scrollIntoView(); return 0;")
        .await?;
    browser
        .screenshot(&artefacts_dir().join("calculator-ranges-recommendation.png"))
        .await?;
    browser
        .js("document.getElementById('chart-breakdown').scrollIntoView(); return 0;")
        .await?;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    browser
        .screenshot(&artefacts_dir().join("calculator-ranges-charts.png"))
        .await?;
    assert!(
        browser.unexpected_console_errors(&[]).await?.is_empty(),
        "console errors"
    );
    browser.close().await?;
    app.stop().await
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}
