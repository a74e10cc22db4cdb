//! Writes a large synthetic AmazonRDS offer file (JSON or CSV, in the AWS layout) for the import
//! benchmark in `BENCHMARKS.md`. Not run by `cargo test`: it writes hundreds of megabytes.
//!
//! ```sh
//! cargo run --release -p pricing-data --example gen_offer -- json 600 /tmp/offer-600.json
//! cargo run --release -p pricing-data --example gen_offer -- csv 600 /tmp/offer-600.csv
//! ```
//!
//! The file holds a fixed set of mapped SKUs (20,000 PostgreSQL instance SKUs over 2,000
//! classes and both deployments, each with an on-demand term and six reserved terms, as AWS lists
//! them), then filler until the size is reached: Outposts and Local Zone instances, products of
//! families the schema does not hold, each with an on-demand term. Real offer files have the same
//! shape (EC2's 450 MB is mostly SKUs a database importer skips); a fixed mapped set makes a
//! run at 100 MB and one at 600 MB show whether memory depends on file size.

use std::fs::File;
use std::io::{BufWriter, Write};

use anyhow::Context;

const MAPPED: u64 = 20_000;
const RESERVED: [(&str, &str, &str); 6] = [
    ("4NA7Y494T4", "1yr", "No Upfront"),
    ("HU7G6KETJZ", "1yr", "Partial Upfront"),
    ("6QCMYABX3D", "1yr", "All Upfront"),
    ("BPH4J8HBKS", "3yr", "No Upfront"),
    ("38NPMPTW36", "3yr", "Partial Upfront"),
    ("NQ3QZPMQV9", "3yr", "All Upfront"),
];

struct Product {
    sku: String,
    family: &'static str,
    location_type: &'static str,
    class: String,
    deployment: &'static str,
    usage: String,
    hourly: String,
    reserved: bool,
}

fn product(i: u64) -> Product {
    let sku = format!("SYN{i:013}");
    if i < MAPPED {
        let class = format!("db.syn{}.large", i / 10);
        let multi = i % 2 == 1;
        // Price is a function of the slot, so the duplicates of a slot agree.
        let base = 100 + (i / 10) % 900;
        let hourly = if multi { base * 2 } else { base };
        Product {
            sku,
            family: "Database Instance",
            location_type: "AWS Region",
            usage: format!("InstanceUsage:{class}"),
            class,
            deployment: if multi { "Multi-AZ" } else { "Single-AZ" },
            hourly: format!("0.{hourly:04}000000"),
            reserved: true,
        }
    } else {
        let (family, location_type) = match i % 3 {
            0 => ("Database Instance", "AWS Outposts"),
            1 => ("Database Instance", "AWS Local Zone"),
            _ => ("RDS Proxy", "AWS Region"),
        };
        let class = format!("db.fill{}.xlarge", i % 5000);
        Product {
            sku,
            family,
            location_type,
            usage: format!("InstanceUsage:{class}"),
            class,
            deployment: "Single-AZ",
            hourly: "0.5000000000".into(),
            reserved: false,
        }
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [format, size_mb, path] = args.as_slice() else {
        anyhow::bail!("usage: gen_offer json|csv SIZE_MB PATH");
    };
    let target: u64 = size_mb.parse::<u64>().context("SIZE_MB")? * 1_000_000;
    let file = File::create(path).with_context(|| format!("creating {path}"))?;
    let mut out = Counter {
        inner: BufWriter::with_capacity(1 << 20, file),
        written: 0,
    };
    match format.as_str() {
        "json" => json(&mut out, target)?,
        "csv" => csv(&mut out, target)?,
        other => anyhow::bail!("unknown format {other}"),
    }
    out.inner.flush()?;
    eprintln!("wrote {} bytes to {path}", out.written);
    Ok(())
}

struct Counter<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Write for Counter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Roughly a third of a JSON file is products, the rest terms; products are written until
/// `target / 3` bytes, then the terms of the same products.
fn json<W: Write>(out: &mut Counter<W>, target: u64) -> anyhow::Result<()> {
    write!(
        out,
        "{{\n  \"formatVersion\" : \"v1.0\",\n  \"disclaimer\" : \"This pricing list is for informational purposes only.\",\n  \"offerCode\" : \"AmazonRDS\",\n  \"version\" : \"20261120174542\",\n  \"publicationDate\" : \"2026-11-20T17:45:42Z\",\n  \"products\" : {{\n"
    )?;
    let mut n = 0u64;
    while n < MAPPED || out.written < target * 2 / 5 {
        let p = product(n);
        if n > 0 {
            writeln!(out, ",")?;
        }
        write!(
            out,
            "    \"{sku}\" : {{\n      \"sku\" : \"{sku}\",\n      \"productFamily\" : \"{family}\",\n      \"attributes\" : {{\n        \"servicecode\" : \"AmazonRDS\",\n        \"location\" : \"US East (N. Virginia)\",\n        \"locationType\" : \"{lt}\",\n        \"instanceType\" : \"{class}\",\n        \"currentGeneration\" : \"Yes\",\n        \"instanceFamily\" : \"Memory optimized\",\n        \"vcpu\" : \"2\",\n        \"memory\" : \"16 GiB\",\n        \"storage\" : \"EBS Only\",\n        \"networkPerformance\" : \"Up to 10 Gigabit\",\n        \"processorArchitecture\" : \"64-bit\",\n        \"engineCode\" : \"14\",\n        \"regionCode\" : \"us-east-1\",\n        \"databaseEngine\" : \"PostgreSQL\",\n        \"licenseModel\" : \"No license required\",\n        \"deploymentOption\" : \"{dep}\",\n        \"usagetype\" : \"{usage}\",\n        \"operation\" : \"CreateDBInstance:0014\",\n        \"servicename\" : \"Amazon Relational Database Service\"\n      }}\n    }}",
            sku = p.sku,
            family = p.family,
            lt = p.location_type,
            class = p.class,
            dep = p.deployment,
            usage = p.usage,
        )?;
        n += 1;
    }
    write!(out, "\n  }},\n  \"terms\" : {{\n    \"OnDemand\" : {{\n")?;
    for i in 0..n {
        let p = product(i);
        if i > 0 {
            writeln!(out, ",")?;
        }
        write!(
            out,
            "      \"{sku}\" : {{\n        \"{sku}.JRTCKXETXF\" : {{\n          \"offerTermCode\" : \"JRTCKXETXF\",\n          \"sku\" : \"{sku}\",\n          \"effectiveDate\" : \"2026-11-01T00:00:00Z\",\n          \"priceDimensions\" : {{\n            \"{sku}.JRTCKXETXF.6YS6EN2CT7\" : {{\n              \"rateCode\" : \"{sku}.JRTCKXETXF.6YS6EN2CT7\",\n              \"description\" : \"USD {h} per RDS {class} {dep} instance hour (or partial hour) running PostgreSQL\",\n              \"beginRange\" : \"0\",\n              \"endRange\" : \"Inf\",\n              \"unit\" : \"Hrs\",\n              \"pricePerUnit\" : {{\n                \"USD\" : \"{h}\"\n              }},\n              \"appliesTo\" : [ ]\n            }}\n          }},\n          \"termAttributes\" : {{ }}\n        }}\n      }}",
            sku = p.sku,
            h = p.hourly,
            class = p.class,
            dep = p.deployment,
        )?;
    }
    write!(out, "\n    }},\n    \"Reserved\" : {{\n")?;
    for i in 0..MAPPED {
        let p = product(i);
        if i > 0 {
            writeln!(out, ",")?;
        }
        writeln!(out, "      \"{}\" : {{", p.sku)?;
        for (k, (code, lease, option)) in RESERVED.iter().enumerate() {
            if k > 0 {
                writeln!(out, ",")?;
            }
            write!(
                out,
                "        \"{sku}.{code}\" : {{\n          \"offerTermCode\" : \"{code}\",\n          \"sku\" : \"{sku}\",\n          \"effectiveDate\" : \"2026-11-01T00:00:00Z\",\n          \"priceDimensions\" : {{\n            \"{sku}.{code}.6YS6EN2CT7\" : {{\n              \"rateCode\" : \"{sku}.{code}.6YS6EN2CT7\",\n              \"description\" : \"USD 0.1 per hour\",\n              \"beginRange\" : \"0\",\n              \"endRange\" : \"Inf\",\n              \"unit\" : \"Hrs\",\n              \"pricePerUnit\" : {{\n                \"USD\" : \"0.1000000000\"\n              }},\n              \"appliesTo\" : [ ]\n            }},\n            \"{sku}.{code}.2TG2D8R56U\" : {{\n              \"rateCode\" : \"{sku}.{code}.2TG2D8R56U\",\n              \"description\" : \"Upfront Fee\",\n              \"unit\" : \"Quantity\",\n              \"pricePerUnit\" : {{\n                \"USD\" : \"{up}\"\n              }},\n              \"appliesTo\" : [ ]\n            }}\n          }},\n          \"termAttributes\" : {{\n            \"LeaseContractLength\" : \"{lease}\",\n            \"OfferingClass\" : \"standard\",\n            \"PurchaseOption\" : \"{option}\"\n          }}\n        }}",
                sku = p.sku,
                up = 500 + (i / 10) % 900,
            )?;
        }
        write!(out, "\n      }}")?;
    }
    write!(out, "\n    }}\n  }}\n}}\n")?;
    Ok(())
}

fn csv<W: Write>(out: &mut Counter<W>, target: u64) -> anyhow::Result<()> {
    write!(
        out,
        "\"FormatVersion\",\"v1.0\"\n\"Disclaimer\",\"This pricing list is for informational purposes only.\"\n\"Publication Date\",\"2026-11-20T17:45:42Z\"\n\"Version\",\"20261120174542\"\n\"OfferCode\",\"AmazonRDS\"\n"
    )?;
    writeln!(
        out,
        "\"SKU\",\"OfferTermCode\",\"RateCode\",\"TermType\",\"PriceDescription\",\"EffectiveDate\",\"StartingRange\",\"EndingRange\",\"Unit\",\"PricePerUnit\",\"Currency\",\"RelatedTo\",\"LeaseContractLength\",\"PurchaseOption\",\"OfferingClass\",\"Product Family\",\"serviceCode\",\"Location\",\"Location Type\",\"Instance Type\",\"Current Generation\",\"Instance Family\",\"vCPU\",\"Memory\",\"Storage\",\"Network Performance\",\"Processor Architecture\",\"Engine Code\",\"Region Code\",\"Database Engine\",\"License Model\",\"Deployment Option\",\"usageType\",\"operation\",\"serviceName\""
    )?;
    let mut i = 0u64;
    while i < MAPPED || out.written < target {
        let p = product(i);
        let attrs = format!(
            "\"{family}\",\"AmazonRDS\",\"US East (N. Virginia)\",\"{lt}\",\"{class}\",\"Yes\",\"Memory optimized\",\"2\",\"16 GiB\",\"EBS Only\",\"Up to 10 Gigabit\",\"64-bit\",\"14\",\"us-east-1\",\"PostgreSQL\",\"No license required\",\"{dep}\",\"{usage}\",\"CreateDBInstance:0014\",\"Amazon Relational Database Service\"",
            family = p.family,
            lt = p.location_type,
            class = p.class,
            dep = p.deployment,
            usage = p.usage,
        );
        writeln!(
            out,
            "\"{sku}\",\"JRTCKXETXF\",\"{sku}.JRTCKXETXF.6YS6EN2CT7\",\"OnDemand\",\"USD {h} per RDS {class} {dep} instance hour (or partial hour) running PostgreSQL\",\"2026-11-01\",\"0\",\"Inf\",\"Hrs\",\"{h}\",\"USD\",\"\",\"\",\"\",\"\",{attrs}",
            sku = p.sku,
            h = p.hourly,
            class = p.class,
            dep = p.deployment,
        )?;
        if p.reserved {
            for (code, lease, option) in RESERVED {
                writeln!(
                    out,
                    "\"{sku}\",\"{code}\",\"{sku}.{code}.2TG2D8R56U\",\"Reserved\",\"Upfront Fee\",\"2026-11-01\",\"\",\"\",\"Quantity\",\"{up}\",\"USD\",\"\",\"{lease}\",\"{option}\",\"standard\",{attrs}",
                    sku = p.sku,
                    up = 500 + (i / 10) % 900,
                )?;
                writeln!(
                    out,
                    "\"{sku}\",\"{code}\",\"{sku}.{code}.6YS6EN2CT7\",\"Reserved\",\"USD 0.1 per hour\",\"2026-11-01\",\"0\",\"Inf\",\"Hrs\",\"0.1000000000\",\"USD\",\"\",\"{lease}\",\"{option}\",\"standard\",{attrs}",
                    sku = p.sku,
                )?;
            }
        }
        i += 1;
    }
    Ok(())
}
