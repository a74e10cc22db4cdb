//! Imports AWS offer files from disk and prints the report, the throughput and (with `--out`)
//! the table: the benchmark harness of `BENCHMARKS.md` and a manual check against real files.
//!
//! ```sh
//! cargo run --release -p pricing-data --example import_aws -- [--region us-east-1] [--out table.json] FILE...
//! ```

use std::fs::File;
use std::io::BufReader;
use std::time::Instant;

use anyhow::Context;
use pricing_data::{ImportOptions, OfferInput, Region, canonical_json, import_aws};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut region = None;
    let mut out = None;
    let mut files = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--region" => {
                let code = args.next().context("--region needs a value")?;
                region = Some(Region::parse(&code).map_err(anyhow::Error::msg)?);
            }
            "--out" => out = Some(args.next().context("--out needs a value")?),
            _ => files.push(arg),
        }
    }
    anyhow::ensure!(
        !files.is_empty(),
        "usage: import_aws [--region R] [--out FILE] FILE..."
    );
    let mut inputs = Vec::new();
    for path in &files {
        let file = File::open(path).with_context(|| format!("opening {path}"))?;
        inputs.push(OfferInput {
            name: path.clone(),
            reader: BufReader::with_capacity(256 * 1024, file),
        });
    }
    let today = time::OffsetDateTime::now_utc().date();
    let start = Instant::now();
    let mut last = 0u64;
    let (table, report) = import_aws(
        inputs,
        ImportOptions {
            region,
            name: None,
            today,
        },
        &mut |bytes| last = bytes,
    )?;
    let seconds = start.elapsed().as_secs_f64();
    eprint!("{report}");
    eprintln!(
        "read {last} bytes in {seconds:.2} s: {:.1} MB/s",
        last as f64 / 1e6 / seconds
    );
    if let Some(out) = out {
        std::fs::write(&out, canonical_json(&table)).with_context(|| format!("writing {out}"))?;
    }
    Ok(())
}
