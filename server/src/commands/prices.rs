//! `dbcost prices ...`: the price-table API's operations, on the database directly.

use std::io::Read;

use anyhow::{Context, bail};

use super::{json, out, table};
use crate::{
    cli::{Format, PricesCommand},
    db::Db,
    settings::DbArgs,
    storage::price_tables::{PriceTableVersion, StoredTable, today},
};

/// Exit status for bad input (the file's field errors).
pub const EXIT_INVALID: u8 = 2;

/// Runs one `prices` subcommand; `Ok(code)` is the process exit code.
pub async fn run(args: &DbArgs, format: Format, command: PricesCommand) -> anyhow::Result<u8> {
    let db = args.open().await?;
    let stale_after = args.stale_after_days;
    match command {
        PricesCommand::Import { file } => {
            let text = read_input(&file)?;
            let table = match pricing_data::parse(&text, today()) {
                Ok(table) => table,
                Err(errors) => {
                    if format == Format::Json {
                        out(&json(&serde_json::json!({ "error": {
                            "code": "invalid_price_table",
                            "message": format!("{} has {} problem(s); nothing was stored", file.display(), errors.len()),
                            "details": errors,
                        }}))?)?;
                    } else {
                        eprintln!(
                            "{} has {} problem(s); nothing was stored:",
                            file.display(),
                            errors.len()
                        );
                        for error in &errors {
                            eprintln!("  {error}");
                        }
                    }
                    return Ok(EXIT_INVALID);
                }
            };
            let imported = db.import_price_table(&table).await?;
            let age = table.age_days(today());
            let stale = table.is_stale(today(), stale_after);
            if format == Format::Json {
                out(&json(&view_json(&imported.version, age, stale))?)?;
            } else {
                let verb = if imported.created {
                    "Imported"
                } else {
                    "Already stored"
                };
                out(&format!(
                    "{verb}: {} ({}, {}, effective {}){}",
                    imported.version.id,
                    imported.version.name,
                    imported.version.region,
                    imported.version.effective_date,
                    if stale {
                        format!(" - STALE: {age} days old")
                    } else {
                        String::new()
                    }
                ))?;
            }
        }
        PricesCommand::ImportAws {
            files,
            region,
            name,
        } => {
            return import_aws(&db, format, &files, region, name, stale_after).await;
        }
        PricesCommand::List => {
            let mut views = Vec::new();
            for version in db.list_price_tables().await? {
                let table = load_table(&db, &version.id).await?;
                let age = table.age_days(today());
                views.push((version, age, table.is_stale(today(), stale_after)));
            }
            if format == Format::Json {
                let list: Vec<_> = views.iter().map(|(v, a, s)| view_json(v, *a, *s)).collect();
                out(&json(
                    &serde_json::json!({ "price_tables": list, "stale_after_days": stale_after }),
                )?)?;
            } else {
                let rows: Vec<Vec<String>> = views
                    .iter()
                    .map(|(v, age, stale)| {
                        vec![
                            v.id.clone(),
                            v.region.clone(),
                            v.effective_date.clone(),
                            format!("{age} d{}", if *stale { " STALE" } else { "" }),
                            if v.is_default {
                                "default".into()
                            } else {
                                String::new()
                            },
                            v.name.clone(),
                        ]
                    })
                    .collect();
                out(&table(
                    &["ID", "REGION", "EFFECTIVE", "AGE", "", "NAME"],
                    &rows,
                ))?;
            }
        }
        PricesCommand::Show { id } => {
            let version = load_version(&db, &id).await?;
            let price_table = load_table(&db, &id).await?;
            let age = price_table.age_days(today());
            let stale = price_table.is_stale(today(), stale_after);
            if format == Format::Json {
                let mut body = view_json(&version, age, stale);
                body["table"] = serde_json::to_value(&**price_table)?;
                out(&json(&body)?)?;
            } else {
                out(&format!(
                    "{} {}\nregion {}  currency {}  effective {}  age {age} days{}\n",
                    version.id,
                    version.name,
                    version.region,
                    version.currency,
                    version.effective_date,
                    if stale { "  STALE" } else { "" }
                ))?;
                let rows: Vec<Vec<String>> = pricing_data::flatten(&price_table)
                    .into_iter()
                    .map(|(path, price)| vec![path, price.to_string()])
                    .collect();
                out(&table(&["PRICE", "VALUE"], &rows))?;
            }
        }
        PricesCommand::Diff { a, b } => {
            let table_a = load_table(&db, &a).await?;
            let table_b = load_table(&db, &b).await?;
            let changes = pricing_data::diff(&table_a, &table_b);
            if format == Format::Json {
                out(&json(
                    &serde_json::json!({ "from": a, "to": b, "changes": changes }),
                )?)?;
            } else if changes.is_empty() {
                out(&format!("{a} and {b} have the same prices."))?;
            } else {
                let show =
                    |d: Option<rust_decimal::Decimal>| d.map_or("-".into(), |d| d.to_string());
                let rows: Vec<Vec<String>> = changes
                    .iter()
                    .map(|c| {
                        vec![
                            c.path.clone(),
                            show(c.old),
                            show(c.new),
                            c.percent.map_or(String::new(), |p| format!("{p:+}%")),
                        ]
                    })
                    .collect();
                out(&table(&["PRICE", "OLD", "NEW", "CHANGE"], &rows))?;
            }
        }
        PricesCommand::Export { id } => {
            let document = db
                .price_table_document(&id)
                .await?
                .with_context(|| no_such(&id))?;
            out(&document)?;
        }
        PricesCommand::SetDefault { id } => {
            db.set_default_price_table(&id)
                .await?
                .with_context(|| no_such(&id))?;
            let version = load_version(&db, &id).await?;
            if format == Format::Json {
                let table = load_table(&db, &id).await?;
                let body = view_json(
                    &version,
                    table.age_days(today()),
                    table.is_stale(today(), stale_after),
                );
                out(&json(&body)?)?;
            } else {
                out(&format!("{id} is now the default for {}.", version.region))?;
            }
        }
    }
    Ok(0)
}

fn view_json(version: &PriceTableVersion, age_days: i64, stale: bool) -> serde_json::Value {
    let mut value = serde_json::to_value(version).unwrap_or_default();
    value["age_days"] = age_days.into();
    value["stale"] = stale.into();
    value
}

fn no_such(id: &str) -> String {
    format!("no price table has the id {id} (see `dbcost prices list`)")
}

async fn load_version(db: &Db, id: &str) -> anyhow::Result<PriceTableVersion> {
    db.price_table_version(id)
        .await?
        .with_context(|| no_such(id))
}

async fn load_table(db: &Db, id: &str) -> anyhow::Result<StoredTable> {
    db.price_table(id).await?.with_context(|| no_such(id))
}

pub fn read_input(path: &std::path::Path) -> anyhow::Result<String> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading standard input")?;
    } else {
        let metadata =
            std::fs::metadata(path).with_context(|| format!("reading {}", path.display()))?;
        if metadata.len() > 64 * 1024 * 1024 {
            bail!(
                "{} is larger than 64 MiB; a price table is far smaller",
                path.display()
            );
        }
        text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    }
    Ok(text)
}

/// `dbcost prices import-aws`: stream the offer files through the importer with a progress
/// bar (plain lines when standard error is not a terminal), store the table, print the
/// report.
async fn import_aws(
    db: &Db,
    format: Format,
    files: &[std::path::PathBuf],
    region: Option<String>,
    name: Option<String>,
    stale_after: u32,
) -> anyhow::Result<u8> {
    use std::io::{BufReader, IsTerminal};

    let region = match region
        .as_deref()
        .map(pricing_data::Region::parse)
        .transpose()
    {
        Ok(region) => region,
        Err(expected) => {
            eprintln!("--region: {expected}");
            return Ok(EXIT_INVALID);
        }
    };
    let mut inputs = Vec::new();
    let mut total = 0;
    for path in files {
        let file =
            std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        total += file.metadata().map(|m| m.len()).unwrap_or(0);
        let reader: Box<dyn std::io::BufRead + Send> =
            Box::new(BufReader::with_capacity(1 << 20, file));
        inputs.push(pricing_data::OfferInput {
            name: path.display().to_string(),
            reader,
        });
    }
    let options = pricing_data::ImportOptions {
        region,
        name,
        today: today(),
    };
    let terminal = std::io::stderr().is_terminal();
    let result = tokio::task::spawn_blocking(move || {
        let bar = indicatif::ProgressBar::new(total);
        if terminal {
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
        } else {
            bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
        }
        let started = std::time::Instant::now();
        let mut last_line = 0u64;
        let mut progress = |read: u64| {
            bar.set_position(read);
            // Not a terminal: a plain line every 64 MiB.
            if !terminal && read >= last_line + (64 << 20) {
                last_line = read;
                let rate = read as f64 / started.elapsed().as_secs_f64().max(1e-3) / 1e6;
                eprintln!(
                    "read {} of {} MB ({rate:.0} MB/s)",
                    read / 1_000_000,
                    total / 1_000_000
                );
            }
        };
        let result = pricing_data::import_aws(inputs, options, &mut progress);
        bar.finish_and_clear();
        result
    })
    .await
    .context("the import thread failed")?;
    let (table, report) = match result {
        Ok(done) => done,
        Err(error) => {
            eprintln!("import failed; nothing was stored: {error}");
            return Ok(EXIT_INVALID);
        }
    };
    let imported = db.import_price_table(&table).await?;
    let age = table.age_days(today());
    let stale = table.is_stale(today(), stale_after);
    if format == Format::Json {
        let mut body = view_json(&imported.version, age, stale);
        body["report"] = serde_json::to_value(&report)?;
        out(&json(&body)?)?;
    } else {
        out(&format!("{report}"))?;
        let verb = if imported.created {
            "Imported"
        } else {
            "Already stored"
        };
        out(&format!(
            "{verb}: {} ({}, {}, effective {})",
            imported.version.id,
            imported.version.name,
            imported.version.region,
            imported.version.effective_date
        ))?;
    }
    Ok(0)
}
