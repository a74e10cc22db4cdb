//! `dbcost estimate` and `dbcost sweep`: the API's answers, computed locally.

use anyhow::Context;
use engine::{OptionEstimate, SweepAxis};

use super::{json, out, table};
use crate::{
    cli::{EstimateFormat, PricingArgs, SweepAxisArg},
    error::AppError,
    pricing::{self, EstimateResponse, PriceTableRef, SweepResponse},
    storage::price_tables::{StoredTable, today},
};

/// Exit status for a bad scenario or price table.
pub const EXIT_INVALID: u8 = 2;

/// `dbcost estimate`.
pub async fn estimate(args: &PricingArgs, format: EstimateFormat) -> anyhow::Result<u8> {
    let Some((scenario, table, used)) = inputs(args).await? else {
        return Ok(EXIT_INVALID);
    };
    let response = match pricing::estimate(&scenario, &*table, used) {
        Ok(response) => response,
        Err(error) => return report(error),
    };
    match format {
        EstimateFormat::Json => out(&json(&response)?)?,
        EstimateFormat::Csv => out(&estimate_csv(&response)?)?,
        EstimateFormat::Table => out(&estimate_table(&response))?,
    }
    Ok(0)
}

/// `dbcost sweep`.
pub async fn sweep(
    args: &PricingArgs,
    axis: SweepAxisArg,
    points: u32,
    format: EstimateFormat,
) -> anyhow::Result<u8> {
    let Some((scenario, table, used)) = inputs(args).await? else {
        return Ok(EXIT_INVALID);
    };
    let axis = match axis {
        SweepAxisArg::Traffic => SweepAxis::Traffic,
        SweepAxisArg::Data => SweepAxis::Data,
    };
    let multipliers = engine::log_multipliers(points);
    let response = match pricing::sweep(&scenario, &*table, axis, &multipliers, used) {
        Ok(response) => response,
        Err(error) => return report(error),
    };
    match format {
        EstimateFormat::Json => out(&json(&response)?)?,
        EstimateFormat::Csv => out(&sweep_csv(&response)?)?,
        EstimateFormat::Table => out(&sweep_table(&response))?,
    }
    Ok(0)
}

/// The scenario, the price table (a file's, or a stored version as the server keeps it) and
/// its reference (a stored version's own id; a file's, the id it would have when stored), or
/// `None` after printing the field errors.
async fn inputs(
    args: &PricingArgs,
) -> anyhow::Result<Option<(engine::Scenario, StoredTable, PriceTableRef)>> {
    let text = super::prices::read_input(&args.scenario)?;
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(value) => value,
        Err(error) => {
            eprintln!("{}: not JSON: {error}", args.scenario.display());
            return Ok(None);
        }
    };
    let scenario = match pricing::parse_scenario(&value) {
        Ok(scenario) => scenario,
        Err(error) => {
            report(error)?;
            return Ok(None);
        }
    };
    let (table, used) = match &args.price_table {
        Some(spec) if !spec.starts_with("pt-") || std::path::Path::new(spec).is_file() => {
            let text = super::prices::read_input(std::path::Path::new(spec))?;
            match pricing_data::parse(&text, today()) {
                Ok(table) => {
                    let used = PriceTableRef::of(&table, args.db.stale_after_days);
                    (std::sync::Arc::new(engine::Indexed::new(table)), used)
                }
                Err(errors) => {
                    eprintln!("{spec} has {} problem(s):", errors.len());
                    for error in errors {
                        eprintln!("  {error}");
                    }
                    return Ok(None);
                }
            }
        }
        id => {
            let db = args.db.open().await?;
            match pricing::resolve_table(&db, id.as_deref(), Some(&args.region)).await {
                Ok((id, table)) => {
                    let used = PriceTableRef::stored(id, &table, args.db.stale_after_days);
                    (table, used)
                }
                Err(error) => {
                    report(error)?;
                    return Ok(None);
                }
            }
        }
    };
    Ok(Some((scenario, table, used)))
}

fn report(error: AppError) -> anyhow::Result<u8> {
    match error {
        AppError::Internal(error) => Err(error),
        other => {
            eprintln!("error: {other}");
            Ok(EXIT_INVALID)
        }
    }
}

fn money(value: Option<rust_decimal::Decimal>) -> String {
    value.map_or_else(
        || "-".to_owned(),
        |v| engine::round_for_display(v).to_string(),
    )
}

fn stale_line(response_table: &pricing::PriceTableRef) -> String {
    let mut line = format!(
        "Prices: {} ({}), effective {}",
        response_table.name, response_table.id, response_table.effective_date
    );
    if response_table.stale {
        line.push_str(&format!(
            ". WARNING: these prices are {} days old: import a newer snapshot.",
            response_table.age_days
        ));
    }
    line
}

/// One row per option, sorted by monthly cost (unpriced last). When the scenario has ranges,
/// the monthly cost's 5th, 50th and 95th percentiles and the share of samples in which the
/// option fails a need follow the monthly column.
pub fn estimate_table(response: &EstimateResponse) -> String {
    let estimate = &response.estimate;
    let bands = estimate.uncertainty.as_ref();
    let mut options: Vec<&OptionEstimate> = estimate.options.iter().collect();
    options.sort_by(|a, b| match (a.monthly, b.monthly) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.id.cmp(&b.id),
    });
    let rows: Vec<Vec<String>> = options
        .iter()
        .map(|o| {
            let fit = if o.meets_all_needs {
                "meets needs".to_owned()
            } else {
                o.fit
                    .iter()
                    .filter(|f| !f.meets)
                    .map(|f| f.need.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let notes = if o.missing_prices.is_empty() {
                o.warnings.join("; ")
            } else {
                format!(
                    "not priced: missing {}",
                    o.missing_prices
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            };
            let mut row = vec![o.id.to_string(), money(o.monthly)];
            if let Some(u) = bands {
                let band = u.options.iter().find(|b| b.id == o.id);
                let monthly = band.and_then(|b| b.monthly);
                row.extend([
                    money(monthly.map(|m| m.p5)),
                    money(monthly.map(|m| m.p50)),
                    money(monthly.map(|m| m.p95)),
                    band.map_or_else(|| "-".to_owned(), |b| format!("{} %", b.fail_percent)),
                ]);
            }
            row.extend([
                money(o.upfront),
                money(o.tco_12_months),
                money(o.tco_36_months),
                fit,
                notes,
            ]);
            row
        })
        .collect();
    let mut text = format!("{}\n", stale_line(&response.price_table));
    if let Some(recommendation) = &estimate.recommendation {
        text.push_str(&format!(
            "Recommended: {} at {} {} per month\n",
            recommendation.option_id,
            money(Some(recommendation.monthly)),
            estimate.currency
        ));
    }
    if let Some(u) = bands {
        if let Some(least) = &u.least_regret {
            text.push_str(&format!("Least regret: {}\n", least.sentence));
        }
        text.push_str(&format!(
            "Ranges: {} over {} samples (seed {}); P5/P50/P95 are percentiles of the monthly cost, FAILS the share of samples in which the option fails a need.\n",
            u.ranged_fields.join(", "),
            u.samples,
            u.seed
        ));
    }
    text.push('\n');
    let mut header = vec!["OPTION", "MONTHLY"];
    if bands.is_some() {
        header.extend(["P5", "P50", "P95", "FAILS"]);
    }
    header.extend(["UPFRONT", "TCO 12M", "TCO 36M", "FIT", "NOTES"]);
    text.push_str(&table(&header, &rows));
    text
}

/// One row per line item: option, dimension, quantity, unit, unit price, cost. When the
/// scenario has ranges, each row also carries its option's bands (monthly, 12- and 36-month
/// TCO: p5, p50, p95, empty when not priced) and fail percent.
pub fn estimate_csv(response: &EstimateResponse) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let bands = response.estimate.uncertainty.as_ref();
    let mut header = vec![
        "option_id",
        "kind",
        "dimension",
        "quantity",
        "unit",
        "unit_price",
        "cost",
        "currency",
        "price_table_id",
    ];
    if bands.is_some() {
        header.extend([
            "monthly_p5",
            "monthly_p50",
            "monthly_p95",
            "tco_12_p5",
            "tco_12_p50",
            "tco_12_p95",
            "tco_36_p5",
            "tco_36_p50",
            "tco_36_p95",
            "fail_percent",
        ]);
    }
    writer.write_record(&header)?;
    for option in &response.estimate.options {
        let mut extra: Vec<String> = Vec::new();
        if let Some(band) = bands.and_then(|u| u.options.iter().find(|b| b.id == option.id)) {
            for b in [band.monthly, band.tco_12, band.tco_36] {
                extra.extend(match b {
                    Some(b) => [b.p5.to_string(), b.p50.to_string(), b.p95.to_string()],
                    None => Default::default(),
                });
            }
            extra.push(band.fail_percent.to_string());
        }
        for (kind, items) in [
            ("monthly", &option.line_items),
            ("upfront", &option.upfront_items),
        ] {
            for item in items {
                let mut record = vec![
                    option.id.to_string(),
                    kind.to_owned(),
                    item.dimension.to_string(),
                    item.quantity.to_string(),
                    item.unit.to_string(),
                    item.unit_price.to_string(),
                    item.cost.to_string(),
                    response.estimate.currency.clone(),
                    response.price_table.id.clone(),
                ];
                record.extend(extra.iter().cloned());
                writer.write_record(&record)?;
            }
        }
    }
    String::from_utf8(writer.into_inner().context("writing CSV")?).context("CSV is UTF-8")
}

/// The sweep as a table: one row per multiplier, one column per option.
pub fn sweep_table(response: &SweepResponse) -> String {
    let sweep = &response.sweep;
    let mut header = vec!["MULTIPLIER"];
    header.extend(sweep.option_ids.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = sweep
        .points
        .iter()
        .map(|p| {
            let mut row = vec![format!("{}x", p.multiplier.normalize())];
            row.extend(p.monthly.iter().map(|m| money(*m)));
            row
        })
        .collect();
    let mut text = format!("{}\n\n", stale_line(&response.price_table));
    text.push_str(&table(&header, &rows));
    if !sweep.break_evens.is_empty() {
        text.push_str("\nBreak-even points:\n");
        for b in &sweep.break_evens {
            text.push_str(&format!(
                "  {} and {} cost the same at {}x: {} is cheaper below, {} above\n",
                b.a,
                b.b,
                b.multiplier.round_dp(2).normalize(),
                b.cheaper_below,
                b.cheaper_above
            ));
        }
    }
    text
}

/// The sweep as CSV: one row per multiplier. When the scenario has ranges, three more
/// columns per option (`ID p5`, `ID p50`, `ID p95`), filled on the points that carry bands.
pub fn sweep_csv(response: &SweepResponse) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let ids = &response.sweep.option_ids;
    let banded = response.sweep.points.iter().any(|p| p.bands.is_some());
    let mut header = vec!["multiplier".to_owned()];
    header.extend(ids.iter().cloned());
    if banded {
        for id in ids {
            header.extend(["p5", "p50", "p95"].map(|p| format!("{id} {p}")));
        }
    }
    writer.write_record(&header)?;
    for point in &response.sweep.points {
        let mut row = vec![point.multiplier.to_string()];
        row.extend(
            point
                .monthly
                .iter()
                .map(|m| m.map(|v| v.to_string()).unwrap_or_default()),
        );
        if banded {
            for id in ids {
                let band = point.bands.as_ref().and_then(|b| b.get(id));
                row.extend(match band {
                    Some(b) => [b.p5.to_string(), b.p50.to_string(), b.p95.to_string()],
                    None => Default::default(),
                });
            }
        }
        writer.write_record(&row)?;
    }
    String::from_utf8(writer.into_inner().context("writing CSV")?).context("CSV is UTF-8")
}
