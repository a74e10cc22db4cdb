//! The calculator in use: typing recomputes the numbers and the charts, each preset prices
//! its seed case, an invalid value shows the server's message beside the field and keeps the
//! last good results, an expanded option's line items add up to its total, and the CSV export
//! holds the numbers on the page.

use std::time::Duration;

use serde_json::{Value, json};
use tests::browser::{Browser, decimal_units, expected_numbers};
use tests::{TestApp, artefacts_dir};

/// 10^-18 dollars, in [`decimal_units`].
const EPSILON: i128 = 10_i128.pow(10);

#[tokio::test]
async fn typing_presets_errors_line_items_and_csv_export() -> anyhow::Result<()> {
    let app = TestApp::spawn_with_site().await?;
    let browser = Browser::start(1440, 1000).await?;
    browser.open_hydrated(&app.base_url).await?;
    browser
        .wait_for_numbers(&expected_numbers(&app.base_url, json!({})).await?)
        .await?;
    let capacity_peak = "Math.max(...echarts.getInstanceByDom(document.getElementById('chart-capacity'))\
                         .getOption().series[0].data)";
    browser
        .wait_until("document.querySelector('#chart-capacity canvas')", secs(15))
        .await?;
    let peak_before = browser.js(&format!("return {capacity_peak};")).await?;

    // 1. Changing reads/s reprices (debounced, no submit) and writes the address.
    browser
        .type_into("#f-traffic-reads_per_second", "5000")
        .await?;
    let five_thousand = json!({ "traffic": { "reads_per_second": "5000" } });
    browser
        .wait_for_numbers(&expected_numbers(&app.base_url, five_thousand.clone()).await?)
        .await?;
    browser
        .wait_until("location.search.startsWith('?s=1.')", secs(5))
        .await?;
    // The charts follow: the capacity chart's busiest hour grew with the reads.
    browser
        .wait_until(&format!("{capacity_peak} > {peak_before}"), secs(10))
        .await?;
    let after = browser
        .attrs("[data-testid=option-monthly]", "data-value")
        .await?;

    // 2. An invalid value: the server's message beside the field, the last results kept.
    browser
        .type_into("#f-traffic-reads_per_second", "-5")
        .await?;
    let field_error = "[data-testid=field-error][data-field='traffic.reads_per_second']";
    browser
        .wait_until(
            &format!("document.querySelector(\"{field_error}\").textContent.length > 0"),
            secs(10),
        )
        .await?;
    let message = browser.text(field_error).await?;
    assert!(message.contains("-5"), "{message}");
    assert_eq!(
        browser
            .js("return document.getElementById('f-traffic-reads_per_second').getAttribute('aria-invalid');")
            .await?,
        json!("true")
    );
    browser
        .wait_until(
            "document.querySelector('[data-testid=estimate-error]')",
            secs(5),
        )
        .await?;
    assert_eq!(
        browser
            .attrs("[data-testid=option-monthly]", "data-value")
            .await?,
        after,
        "the last good results stay on the page"
    );
    browser
        .screenshot(&artefacts_dir().join("calculator-invalid-1440.png"))
        .await?;
    browser
        .type_into("#f-traffic-reads_per_second", "5000")
        .await?;
    browser
        .wait_until(
            &format!("document.querySelector(\"{field_error}\").textContent === ''"),
            secs(10),
        )
        .await?;

    // 3. Each preset prices its seed case, exactly as the API does.
    for (preset, file) in [
        ("ecommerce-catalog", "ecommerce-catalog.json"),
        ("financial-app", "financial-app.json"),
        ("dev-test", "dev-test.json"),
        ("key-value-hot-partition", "key-value-hot-partition.json"),
        ("global-app", "global-app.json"),
    ] {
        let scenario: Value = serde_json::from_str(&std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../pricing-data/scenarios")
                .join(file),
        )?)?;
        browser.click(&format!("[data-preset='{preset}']")).await?;
        browser
            .wait_for_numbers(&expected_numbers(&app.base_url, scenario).await?)
            .await?;
        assert_eq!(
            browser
                .js(&format!(
                    "return document.querySelector(\"[data-preset='{preset}']\").getAttribute('aria-pressed');"
                ))
                .await?,
            json!("true"),
            "{preset}"
        );
    }

    // 4. Expanding an option shows its line items; they add up to its monthly total.
    let id = browser
        .js("return document.querySelector('[data-testid=recommendation]').dataset.optionId;")
        .await?;
    let id = id.as_str().expect("a recommended option").to_owned();
    let row = format!("[data-testid=option-row][data-option-id='{id}']");
    browser
        .click(&format!("{row} [data-testid=expand-option]"))
        .await?;
    let detail = format!("#detail-{id}");
    browser
        .wait_until(
            &format!("!document.querySelector('{detail}').hidden"),
            secs(5),
        )
        .await?;
    let costs = browser
        .attrs(
            &format!("{detail} [data-testid=line-items] [data-testid=line-item]"),
            "data-cost",
        )
        .await?;
    assert!(!costs.is_empty(), "{id} has line items");
    let mut sum = 0_i128;
    for cost in &costs {
        sum += decimal_units(cost)?;
    }
    let total = browser
        .attrs(&format!("{row} [data-testid=option-monthly]"), "data-value")
        .await?;
    // Exact but for rust_decimal's 28 significant digits (a billionth of a billionth of a
    // dollar): the engine adds the same items with that precision.
    assert!(
        (sum - decimal_units(&total[0])?).abs() < EPSILON,
        "{id}: {costs:?} vs {total:?}"
    );
    // And the table's total row shows the same amount as the option's row.
    let shown_total = browser
        .text(&format!("{detail} [data-testid=line-items] tfoot td"))
        .await?;
    let shown_monthly = browser
        .text(&format!("{row} [data-testid=option-monthly]"))
        .await?;
    assert_eq!(shown_total, shown_monthly);
    browser
        .js(&format!(
            "document.querySelector(\"{row}\").scrollIntoView(); return true;"
        ))
        .await?;
    browser
        .screenshot(&artefacts_dir().join("calculator-expanded-1440.png"))
        .await?;

    // 5. The CSV export holds the page's numbers. The link is the server's export of the
    // address's scenario and price table; its answer is the file.
    let href = browser
        .js("return document.querySelector('[data-testid=export-csv]').href;")
        .await?;
    let href = href.as_str().unwrap_or_default().to_owned();
    let here = browser.js("return location.search;").await?;
    anyhow::ensure!(
        href.contains("/export/estimate.csv?s=")
            && here.as_str().is_some_and(|q| href.ends_with(q)),
        "the export link names the address's scenario and table: {href} (page {here})"
    );
    let response = reqwest::get(&href).await?.error_for_status()?;
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"dbcost-estimate.csv\""
    );
    let csv = Value::String(response.text().await?);
    let csv = csv.as_str().unwrap_or_default().to_owned();
    let rows = parse_csv(&csv);
    anyhow::ensure!(
        csv.starts_with("option_id,"),
        "not the CSV: {}",
        &csv[..csv.len().min(300)]
    );
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (id_col, monthly_col, cost_col, category_col) = (
        col("option_id"),
        col("option_monthly"),
        col("cost"),
        col("category"),
    );
    let ids = browser
        .attrs("[data-testid=option-row]", "data-option-id")
        .await?;
    let values = browser
        .attrs("[data-testid=option-monthly]", "data-value")
        .await?;
    for (id, value) in ids.iter().zip(&values) {
        let lines: Vec<&Vec<String>> = rows[1..].iter().filter(|r| &r[id_col] == id).collect();
        assert!(!lines.is_empty(), "{id} is in the CSV");
        assert!(lines.iter().all(|r| &r[monthly_col] == value), "{id}");
        if !value.is_empty() {
            let mut sum = 0_i128;
            for line in lines.iter().filter(|r| r[category_col] != "upfront") {
                sum += decimal_units(&line[cost_col])?;
            }
            assert!(
                (sum - decimal_units(value)?).abs() < EPSILON,
                "{id}: CSV line items add up"
            );
        }
    }

    // The invalid value was answered 422 on purpose; nothing else may fail.
    let errors = browser
        .unexpected_console_errors(&[("/fragments/results", 422)])
        .await?;
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    browser.close().await?;
    app.stop().await
}

/// A small RFC 4180 reader (quoted cells may hold commas and doubled quotes).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    cell.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => cells.push(std::mem::take(&mut cell)),
                (c, _) => cell.push(c),
            }
        }
        cells.push(cell);
        rows.push(cells);
    }
    rows
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}
