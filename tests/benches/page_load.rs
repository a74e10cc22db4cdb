//! Page-load benchmark (issue #8's budget: a shared URL's results painted within 300 ms on
//! localhost). Not a test: it prints figures for BENCHMARKS.md and asserts nothing about time.
//!
//! It serves the built site (release bundle, `cargo xtask build-site`) from an in-process
//! server on a fresh SQLite database, opens the share URL of the `ecommerce-catalog` example
//! scenario in headless Chromium and reads the page's own clocks (milliseconds since
//! navigation start, from the Navigation Timing, Paint Timing and User Timing APIs):
//!
//! - `html`: the server's response fully received (`responseEnd`);
//! - `fcp`: first contentful paint (the header or the form may be painted before the results
//!   have arrived, so this is not the budget's measure);
//! - `results`: the recommendation's text painted (Element Timing API, the
//!   `elementtiming="results"` attribute): the results are in the server-rendered HTML, so
//!   this is when the results are painted, the figure the 300 ms budget is about;
//! - `hydrated`: the WASM app has hydrated (the app's `dbcost:hydrated` mark);
//! - `charts`: the last of the three charts drawn (`dbcost:chart-drawn:*` marks).
//!
//! Two series: *first visit* starts a new Chromium with an empty profile for each sample
//! (nothing cached), *repeat visit* reloads the URL in one browser (the HTTP cache holds the
//! bundle). Run: `cargo bench -p tests --bench page_load` after `cargo xtask build-site`;
//! `DBCOST_PAGE_LOAD_SAMPLES` sets the number of samples per series (default 15).

#![allow(clippy::print_stdout)] // a benchmark reports on standard output

use std::time::Duration;

use anyhow::Context;
use serde_json::Value;
use tests::TestApp;
use tests::browser::Browser;

const CHARTS: [&str; 3] = ["chart-scale", "chart-breakdown", "chart-capacity"];

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Only under `cargo bench` (which passes `--bench`): `cargo test --all-targets` also runs
    // benchmark binaries, and a filter argument other than ours means "not us".
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench")
        || args
            .iter()
            .any(|a| !a.starts_with("--") && a != "page_load")
    {
        return Ok(());
    }
    let samples: usize = std::env::var("DBCOST_PAGE_LOAD_SAMPLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);
    let app = TestApp::spawn_with_site().await?;
    let url = share_url(&app.base_url)?;
    println!("page load of {url} ({} characters)", url.len());

    let mut first = Vec::new();
    for _ in 0..samples {
        let browser = Browser::start(1440, 1000).await?;
        first.push(measure(&browser, &url).await?);
        browser.close().await?;
    }
    let browser = Browser::start(1440, 1000).await?;
    measure(&browser, &url).await?; // fills the cache
    let mut repeat = Vec::new();
    for _ in 0..samples {
        repeat.push(measure(&browser, &url).await?);
    }
    browser.close().await?;

    for (name, series) in [("first visit", &first), ("repeat visit", &repeat)] {
        println!(
            "{name} ({} samples), ms since navigation start:",
            series.len()
        );
        for (i, metric) in ["html", "fcp", "results", "hydrated", "charts"]
            .iter()
            .enumerate()
        {
            let mut values: Vec<f64> = series.iter().map(|s| s[i]).collect();
            values.sort_by(f64::total_cmp);
            println!(
                "  {metric:>8}: median {:7.1}  p90 {:7.1}  min {:7.1}  max {:7.1}",
                percentile(&values, 0.5),
                percentile(&values, 0.9),
                values[0],
                values[values.len() - 1]
            );
        }
    }
    app.stop().await
}

/// The share link of the `ecommerce-catalog` example, pinned to the default table, as the
/// Share button makes it.
fn share_url(base: &str) -> anyhow::Result<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../pricing-data/scenarios/ecommerce-catalog.json"
    );
    let scenario: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let defaults = serde_json::to_value(engine::Scenario::default())?;
    Ok(format!(
        "{base}/?{}",
        app::share::query(&scenario, &defaults, None)
    ))
}

/// Opens `url` and waits for every chart; gives `[html, fcp, hydrated, charts]` in ms.
async fn measure(browser: &Browser, url: &str) -> anyhow::Result<[f64; 5]> {
    browser.client().goto("about:blank").await?;
    browser.client().goto(url).await?;
    let marks = CHARTS
        .iter()
        .map(|id| format!("performance.getEntriesByName('dbcost:chart-drawn:{id}').length"))
        .collect::<Vec<_>>()
        .join(" && ");
    browser
        .wait_until(
            &format!("performance.getEntriesByName('dbcost:hydrated').length && {marks}"),
            Duration::from_secs(30),
        )
        .await?;
    let script = format!(
        "const n = performance.getEntriesByType('navigation')[0];
         const fcp = performance.getEntriesByName('first-contentful-paint')[0];
         const mark = name => performance.getEntriesByName(name)[0].startTime;
         return [n.responseEnd, fcp ? fcp.startTime : -1, mark('dbcost:hydrated'),
                 Math.max({})];",
        CHARTS
            .iter()
            .map(|id| format!("mark('dbcost:chart-drawn:{id}')"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let values: Vec<f64> =
        serde_json::from_value(browser.js(&script).await?).context("reading the page's timings")?;
    anyhow::ensure!(
        values.len() == 4 && values[1] >= 0.0,
        "no paint timing: {values:?}"
    );
    // When the results were painted: the Element Timing entry of the recommendation's text
    // (`elementtiming="results"`), which the browser records when that text is first painted.
    // Element entries are only handed to an observer (buffered), so ask for them and wait.
    let results = browser
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const found = entries => entries.find(e => e.identifier === 'results');
             const observer = new PerformanceObserver(list => {
               const entry = found(list.getEntries());
               if (entry) { observer.disconnect(); done(entry.renderTime || entry.loadTime); }
             });
             observer.observe({ type: 'element', buffered: true });
             setTimeout(() => { observer.disconnect(); done(-1); }, 2000);",
            vec![],
        )
        .await
        .context("reading the results' element timing")?;
    let results = results.as_f64().unwrap_or(-1.0);
    anyhow::ensure!(results > 0.0, "no element timing for the results");
    Ok([values[0], values[1], results, values[2], values[3]])
}

/// The `q` quantile of sorted `values` (nearest rank).
fn percentile(values: &[f64], q: f64) -> f64 {
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}
