//! Sweeps: the monthly cost of every option as traffic (or data) scales, and the break-even
//! points between options that trade a fixed cost for a usage cost: DynamoDB on-demand
//! against provisioned, Aurora Standard against I/O-Optimized (where I/O reaches about 25 %
//! of the bill), Serverless v2 against provisioned, and changes of the cheapest option.

use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::estimate::Role;
use crate::prices::PriceBook;
use crate::{Catalogs, Pass, Scale, Scenario, ScenarioError, price_options};

/// What a sweep scales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SweepAxis {
    /// Reads and writes per second.
    Traffic,
    /// Stored data.
    Data,
}

/// The monthly cost of every option at one multiplier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SweepPoint {
    /// Multiplier of the scenario's traffic or data.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub multiplier: Decimal,
    /// Monthly cost per option, in the order of [`Sweep::option_ids`]; null when not priced.
    #[serde(serialize_with = "crate::decimal_text::serialize_option_slice")]
    pub monthly: Vec<Option<Decimal>>,
    /// The cheapest priced database option meeting every need at this point.
    pub cheapest: Option<String>,
    /// When some input is a range: monthly cost bands per option id at this point (on every
    /// k-th point only, see [`crate::uncertainty::sweep_bands`]); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bands: Option<std::collections::BTreeMap<String, crate::uncertainty::Band>>,
}

/// Where two options swap places.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BreakEven {
    /// First option id.
    pub a: String,
    /// Second option id.
    pub b: String,
    /// Multiplier where the costs are equal, interpolated linearly between the two points.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub multiplier: Decimal,
    /// The option cheaper below the break-even.
    pub cheaper_below: String,
    /// The option cheaper above it.
    pub cheaper_above: String,
}

/// The result of [`sweep`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Sweep {
    /// What was scaled.
    pub axis: SweepAxis,
    /// Option ids, the columns of every point.
    pub option_ids: Vec<String>,
    /// One point per multiplier, in the order given.
    pub points: Vec<SweepPoint>,
    /// Break-even points of the classic trade-offs, and changes of the cheapest option.
    pub break_evens: Vec<BreakEven>,
}

/// Pairs whose crossing is worth naming.
const PAIRS: &[(&str, &str)] = &[
    ("dynamodb-on-demand", "dynamodb-provisioned-autoscaling"),
    ("dynamodb-on-demand", "dynamodb-provisioned-peak"),
    (
        "aurora-postgresql-standard",
        "aurora-postgresql-io-optimized",
    ),
    ("aurora-mysql-standard", "aurora-mysql-io-optimized"),
    ("aurora-serverless-v2", "aurora-postgresql-standard"),
    (
        "aurora-serverless-v2",
        "aurora-provisioned-writer-serverless-readers",
    ),
];

/// `n` multipliers spaced evenly on a log scale from 0.1x to 100x (n ≥ 2).
pub fn log_multipliers(n: u32) -> Vec<Decimal> {
    let n = n.max(2);
    (0..n)
        .map(|i| {
            let x = 0.1 * 1000f64.powf(f64::from(i) / f64::from(n - 1));
            Decimal::from_f64(x).unwrap_or(Decimal::ONE).round_dp(4)
        })
        .collect()
}

/// Price every database option at each multiplier of the scenario's traffic or data, and
/// find the break-even points. Caches are left out (their cost follows the cache's own
/// sizing, not the database's).
pub fn sweep(
    s: &Scenario,
    prices: &dyn PriceBook,
    axis: SweepAxis,
    multipliers: &[Decimal],
) -> Result<Sweep, ScenarioError> {
    s.validate()?;
    let catalogs = Catalogs::of(prices);
    let mut option_ids: Vec<String> = Vec::new();
    let mut points = Vec::with_capacity(multipliers.len());
    for &m in multipliers {
        let m = m.max(Decimal::ZERO);
        let scale = scale_of(axis, m);
        let (_, options) = price_options(
            s,
            prices,
            &catalogs,
            Pass {
                scale,
                caches: false,
                lean: true,
                only: None,
            },
        );
        if option_ids.is_empty() {
            option_ids = options.iter().map(|o| o.id.to_string()).collect();
        }
        let monthly = option_ids
            .iter()
            .map(|id| options.iter().find(|o| o.id == *id).and_then(|o| o.monthly))
            .collect();
        let cheapest = options
            .iter()
            .filter(|o| o.role == Role::Database && o.meets_all_needs && o.monthly.is_some())
            .min_by_key(|o| o.monthly.unwrap_or(Decimal::MAX))
            .map(|o| o.id.to_string());
        points.push(SweepPoint {
            multiplier: m,
            monthly,
            cheapest,
            bands: None,
        });
    }
    if !s.ranges.is_empty() {
        let scales: Vec<Scale> = points
            .iter()
            .map(|p| scale_of(axis, p.multiplier))
            .collect();
        let bands = crate::uncertainty::sweep_bands(s, prices, &catalogs, &scales);
        for (p, b) in points.iter_mut().zip(bands) {
            p.bands = b;
        }
    }
    let mut break_evens = Vec::new();
    for (a, b) in PAIRS {
        let (Some(ia), Some(ib)) = (
            option_ids.iter().position(|x| x == a),
            option_ids.iter().position(|x| x == b),
        ) else {
            continue;
        };
        break_evens.extend(crossings(&points, ia, ib, a, b));
    }
    for pair in points.windows(2) {
        if let (Some(x), Some(y)) = (&pair[0].cheapest, &pair[1].cheapest)
            && x != y
        {
            let (Some(ia), Some(ib)) = (
                option_ids.iter().position(|o| o == x),
                option_ids.iter().position(|o| o == y),
            ) else {
                continue;
            };
            let found = crossings(pair, ia, ib, x, y);
            if found.is_empty() {
                // The cheapest changed because an option stopped meeting a need.
                break_evens.push(BreakEven {
                    a: x.clone(),
                    b: y.clone(),
                    multiplier: pair[1].multiplier,
                    cheaper_below: x.clone(),
                    cheaper_above: y.clone(),
                });
            } else {
                for f in found {
                    if !break_evens.contains(&f) {
                        break_evens.push(f);
                    }
                }
            }
        }
    }
    Ok(Sweep {
        axis,
        option_ids,
        points,
        break_evens,
    })
}

/// The scaling of one sweep point.
fn scale_of(axis: SweepAxis, m: Decimal) -> Scale {
    match axis {
        SweepAxis::Traffic => Scale {
            traffic: m,
            ..Scale::ONE
        },
        SweepAxis::Data => Scale {
            data: m,
            ..Scale::ONE
        },
    }
}

/// Where the cost difference of columns `ia` and `ib` changes sign between adjacent points.
fn crossings(points: &[SweepPoint], ia: usize, ib: usize, a: &str, b: &str) -> Vec<BreakEven> {
    let mut out = Vec::new();
    for pair in points.windows(2) {
        let (p, q) = (&pair[0], &pair[1]);
        let (Some(pa), Some(pb), Some(qa), Some(qb)) =
            (p.monthly[ia], p.monthly[ib], q.monthly[ia], q.monthly[ib])
        else {
            continue;
        };
        let d0 = pa - pb;
        let d1 = qa - qb;
        if d0.is_zero() || d1.is_zero() || d0.is_sign_negative() == d1.is_sign_negative() {
            continue;
        }
        // Linear interpolation of the multiplier where the difference is zero.
        let t = d0 / (d0 - d1);
        let multiplier = p.multiplier + (q.multiplier - p.multiplier) * t;
        let (below, above) = if d0.is_sign_negative() {
            (a, b)
        } else {
            (b, a)
        };
        out.push(BreakEven {
            a: a.to_string(),
            b: b.to_string(),
            multiplier,
            cheaper_below: below.to_string(),
            cheaper_above: above.to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_multipliers_span_a_tenth_to_a_hundred() {
        let m = log_multipliers(4);
        assert_eq!(
            m,
            vec![
                Decimal::new(1, 1),
                Decimal::ONE,
                Decimal::TEN,
                Decimal::ONE_HUNDRED
            ]
        );
        assert_eq!(log_multipliers(200).len(), 200);
    }

    #[test]
    fn crossing_is_interpolated() {
        // a costs 10 then 30, b costs 20 then 20: equal halfway, at multiplier 1.5; a is
        // cheaper below.
        let pt = |m: i64, a: i64, b: i64| SweepPoint {
            multiplier: Decimal::from(m),
            monthly: vec![Some(Decimal::from(a)), Some(Decimal::from(b))],
            cheapest: None,
            bands: None,
        };
        let found = crossings(&[pt(1, 10, 20), pt(2, 30, 20)], 0, 1, "a", "b");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].multiplier, Decimal::new(15, 1));
        assert_eq!(found[0].cheaper_below, "a");
        assert_eq!(found[0].cheaper_above, "b");
    }
}
