//! Ranges, not guesses: when some workload input is a range (`low`, `likely`, `high`, see
//! [`crate::scenario::RangedField`]), the estimate samples the ranges and reports, per option,
//! the 5th, 50th and 95th percentile of its monthly cost and TCO, how often it fails a need,
//! and recommends the *least-regret* option.
//!
//! Semantics:
//!
//! - **The configuration is decided once, at `likely`.** The ordinary estimate sizes every
//!   option for the likely workload (the fields themselves hold the likely values): instance
//!   class and count, provisioned RCU/WCU, Serverless v2 minimum and maximum ACU, cache node
//!   type, shards and replicas. That configuration is read back from each option's sizing
//!   and pinned through [`crate::scenario::Overrides`], the engine's own mechanism for fixed
//!   choices, so every sample is priced by the same code as the estimate (no second cost
//!   model).
//! - **Each sample evaluates that fixed configuration against the sampled workload**, in
//!   lean passes (totals only). Usage-billed dimensions follow the sample: on-demand request
//!   units, I/O, storage (RDS storage is re-sized for the sample's data, as storage
//!   autoscaling would), IOPS, ACU-hours within the fixed minimum and maximum, ECPUs,
//!   backups, DynamoDB auto scaling (it follows the load by design). Fixed capacity does
//!   not: instances, readers and replicas, provisioned-at-peak capacity, the ACU range,
//!   cache nodes. DAX nodes have no override, so DAX is re-sized per sample.
//! - **An option fails a need in a sample** when its fixed configuration cannot serve it:
//!   the instances' vCPUs (20 % of them for burstable classes, their baseline) below the
//!   busiest hour's need ([`crate::rds`]'s sizing rule), an instance's memory below the
//!   working set with headroom, the busiest hour above the Serverless v2 maximum ACU,
//!   provisioned RCU or WCU below the busiest hour's consumed capacity (throttling), the
//!   hottest key above one partition's 3,000 RCU / 1,000 WCU, cache memory or throughput
//!   below the sample's, or any of the option's own fit notes unmet (RPO/RTO, storage and
//!   replica limits...).
//! - **Regret.** For each sample, the reference is the cheapest option among those the
//!   decision tree chooses from (`recommend::candidates`) that does not fail in that sample.
//!   An option's regret is what it costs above the reference, in percent of it; a sample in
//!   which the option fails adds [`UNDER_PROVISIONING_PENALTY_PERCENT`] percentage points
//!   (under-provisioning is an outage or an emergency upsize, worse than overspending). The
//!   least-regret option is the candidate with the lowest 95th-percentile regret among those
//!   under-provisioned in at most 5 % of the samples; when none is, the candidate
//!   under-provisioned least often (a cheap option that fails most of the time must not win
//!   because its failures cost little). Ties: lower 95th-percentile regret, fewer failures,
//!   lower median monthly cost, the estimate's order (as the single-valued recommendation
//!   breaks ties).
//!
//! Sampling: each ranged field draws from a PERT distribution over its range (a beta
//! distribution scaled to `[low, high]` with shape `α = 1 + λ(likely − low)/(high − low)`,
//! `β = 1 + λ(high − likely)/(high − low)`, λ from the confidence; Vose, "Risk Analysis"),
//! fields independently, each from its own stream of a SplitMix64 generator seeded by
//! `assumptions.range_seed` and the field's position (Steele, Lea and Flood, "Fast Splittable
//! Pseudorandom Number Generators", OOPSLA 2014). The beta draw uses Marsaglia and Tsang's
//! gamma method ("A Simple Method for Generating Gamma Variables", 2000) with the polar
//! normal method; the only transcendental function is a natural logarithm written here with
//! basic IEEE arithmetic, so the draws are the same on every platform (wasm32 included).
//! These draws are `f64` (a shape, not money); each becomes a `Decimal` once, as the fraction
//! of the range (9 decimal places), and everything after that is `Decimal`.
//!
//! Percentiles are nearest-rank: the `ceil(p × n)`-th smallest of the `n` samples, so a
//! zero-width range gives a zero-width band equal to the single-valued figure.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dynamodb::{hot_partition, units_per_request};
use crate::elasticache::{OPS_PER_SHARD, cache_load, usable_memory_gib};
use crate::estimate::{OptionEstimate, PriceStatus, Recommendation, Role, Service};
use crate::prices::{InstanceSpec, PriceBook};
use crate::rds::{memory_need, vcpu_need};
use crate::scenario::{CacheMode, DbEngine, Overrides, RangedField, Scenario, Spread, pct};
use crate::serverless::{ACU_PER_VCPU, need_by_hour};
use crate::workload::{Workload, show};
use crate::{Catalogs, Ctx, Pass, Scale, price_options, recommend};

/// Samples per sweep point when the scenario has ranges: fewer than an estimate's, because
/// a sweep prices every point (48 × the sweep's points lean passes).
pub const SWEEP_SAMPLES: u32 = 48;

/// Sweep points that carry bands: at most this many, evenly spread (every k-th point and the
/// last); the others have none. Keeps a banded 200-point sweep near 20 × 48 lean passes.
pub const SWEEP_BANDED_POINTS: usize = 20;

/// Percentage points of regret added for a sample in which an option fails a need
/// (heuristic: under-provisioning costs at least as much again as the cheapest option that
/// serves the load, in an emergency upsize or lost requests).
pub const UNDER_PROVISIONING_PENALTY_PERCENT: i64 = 100;

/// Cost bands and failure rates when some input is a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Uncertainty {
    /// Samples drawn.
    pub samples: u32,
    /// Seed of the sampler: the same seed gives the same numbers.
    pub seed: u64,
    /// Dotted paths of the inputs given as ranges.
    pub ranged_fields: Vec<String>,
    /// One entry per option of the estimate, same ids and order.
    pub options: Vec<OptionBand>,
    /// The least-regret option; absent when no database option is priced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub least_regret: Option<LeastRegret>,
}

/// The 5th, 50th and 95th percentiles of an amount over the samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Band {
    /// 5th percentile.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub p5: Decimal,
    /// Median.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub p50: Decimal,
    /// 95th percentile.
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub p95: Decimal,
}

/// One option over the samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct OptionBand {
    /// The option's id, as in the estimate's `options`.
    pub id: String,
    /// Monthly cost; absent when not priced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly: Option<Band>,
    /// Cost over 12 months; absent when not priced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tco_12: Option<Band>,
    /// Cost over 36 months; absent when not priced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tco_36: Option<Band>,
    /// Share of samples in which the option fails at least one need, percent (1 decimal).
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub fail_percent: Decimal,
    /// Each need failed and in what share of samples, most frequent first.
    pub failures: Vec<FailureShare>,
    /// 95th percentile of the regret, percent (1 decimal): cost above the sample's cheapest
    /// serving candidate, plus 100 points in a sample where this option fails. Absent for
    /// caches and options not priced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(serialize_with = "crate::decimal_text::serialize_option")]
    pub regret_p95_percent: Option<Decimal>,
    /// Whether the option is priced (in every sample).
    pub priced: bool,
}

/// A need an option fails, and how often.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FailureShare {
    /// The need, in a few words.
    pub need: String,
    /// Share of samples, percent (1 decimal).
    #[serde(serialize_with = "crate::decimal_text::serialize")]
    pub percent: Decimal,
}

/// The least-regret option and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LeastRegret {
    /// Its id.
    pub option_id: String,
    /// One sentence, e.g. "Aurora Serverless v2: at most 18 % above the cheapest in 95 % of
    /// cases and never under-provisioned."
    pub sentence: String,
}

/// The uncertainty of an estimate whose scenario has ranges, and the least-regret
/// recommendation that replaces the single-valued one. `likely` is the full estimate's
/// options (sized for the likely values).
pub(crate) fn evaluate(
    s: &Scenario,
    prices: &dyn PriceBook,
    catalogs: &Catalogs<'_>,
    likely: &[OptionEstimate],
) -> (Uncertainty, Option<Recommendation>) {
    let n = s.assumptions.range_samples.max(1);
    let samples = draw(s, n);
    let kinds: Vec<Kind> = likely.iter().map(|o| Kind::of(o, s)).collect();
    let plans = plan_passes(s, likely, &kinds);
    let count = likely.len();
    let mut totals: Vec<Vec<Option<[Decimal; 3]>>> = vec![Vec::with_capacity(n as usize); count];
    let mut failed: Vec<Vec<bool>> = vec![Vec::with_capacity(n as usize); count];
    let mut reasons: Vec<[u32; NEEDS.len()]> = vec![[0; NEEDS.len()]; count];
    let fit_needs: Vec<String> = likely.iter().map(unmet_fit_needs).collect();
    // The instance class or cache node of each fixed configuration, looked up once.
    let specs: Vec<Option<&InstanceSpec>> = kinds.iter().map(|k| k.spec(catalogs)).collect();

    for sample in samples {
        let mut sc = sample;
        let scale = main_scale(&sc);
        let mut seen = vec![false; count];
        let mut workload = None;
        for plan in &plans {
            sc.overrides = plan.overrides.clone();
            let (w, options) = price_options(
                &sc,
                prices,
                catalogs,
                Pass {
                    scale,
                    caches: plan.caches,
                    lean: true,
                    only: Some(&plan.ids),
                },
            );
            for o in options {
                let Some(k) = plan.ids.iter().position(|id| *id == o.id) else {
                    continue;
                };
                let i = plan.index[k];
                if std::mem::replace(&mut seen[i], true) {
                    continue;
                }
                totals[i].push(
                    o.monthly
                        .zip(o.tco_12_months)
                        .zip(o.tco_36_months)
                        .map(|((m, a), b)| [m, a, b]),
                );
                let mut fails = needs_failed(&kinds[i], specs[i], &sc, &w, catalogs, prices);
                if !o.meets_all_needs {
                    fails |= 1 << FIT;
                }
                for (b, c) in reasons[i].iter_mut().enumerate() {
                    *c += u32::from(fails >> b & 1 == 1);
                }
                failed[i].push(fails != 0);
            }
            workload.get_or_insert(w);
        }
        // An option no pass returned (cannot happen: every id is in one plan) counts as not
        // priced and not failing.
        for i in 0..count {
            if !seen[i] {
                totals[i].push(None);
                failed[i].push(false);
            }
        }
    }

    let (candidates, _, _) = recommend::candidates(s, likely);
    let cand: Vec<usize> = candidates
        .iter()
        .filter_map(|c| likely.iter().position(|o| o.id == c.id))
        .collect();
    let n_us = n as usize;
    // The reference cost of each sample: the cheapest candidate that does not fail in it
    // (else the cheapest candidate).
    let reference: Vec<Option<Decimal>> = (0..n_us)
        .map(|k| {
            let cost = |i: &usize| totals[*i][k].map(|t| t[0]);
            cand.iter()
                .filter(|i| !failed[**i][k])
                .filter_map(cost)
                .min()
                .or_else(|| cand.iter().filter_map(cost).min())
        })
        .collect();

    let hundred = Decimal::ONE_HUNDRED;
    let share = |c: usize| (Decimal::from(c as u64) * hundred / Decimal::from(n)).round_dp(1);
    let mut bands = Vec::with_capacity(count);
    let mut regret_rank: Vec<(usize, Decimal, Decimal, usize)> = Vec::new();
    for (i, o) in likely.iter().enumerate() {
        let priced = totals[i].iter().all(Option::is_some);
        let band_of = |j: usize| {
            priced.then(|| {
                let mut v: Vec<Decimal> = totals[i].iter().flatten().map(|t| t[j]).collect();
                percentiles(&mut v)
            })
        };
        let fail_count = failed[i].iter().filter(|f| **f).count();
        let mut failures: Vec<FailureShare> = reasons[i]
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(b, c)| FailureShare {
                need: if b == FIT {
                    fit_needs[i].clone()
                } else {
                    NEEDS[b].to_string()
                },
                percent: share(*c as usize),
            })
            .collect();
        failures.sort_by(|a, b| b.percent.cmp(&a.percent).then(a.need.cmp(&b.need)));
        let mut regret_p95 = None;
        if priced && o.role == Role::Database {
            let mut regret = Vec::with_capacity(n_us);
            let mut over = Vec::with_capacity(n_us);
            for k in 0..n_us {
                let cost = totals[i][k].map_or(Decimal::ZERO, |t| t[0]);
                let above = match reference[k] {
                    Some(r) if r > Decimal::ZERO => (cost - r).max(Decimal::ZERO) / r * hundred,
                    _ if cost > Decimal::ZERO => hundred,
                    _ => Decimal::ZERO,
                };
                over.push(above);
                regret.push(if failed[i][k] {
                    above + Decimal::from(UNDER_PROVISIONING_PENALTY_PERCENT)
                } else {
                    above
                });
            }
            let r95 = percentiles(&mut regret).p95;
            regret_p95 = Some(r95.round_dp(1));
            if cand.contains(&i) {
                regret_rank.push((i, r95, percentiles(&mut over).p95, fail_count));
            }
        }
        bands.push(OptionBand {
            id: o.id.to_string(),
            monthly: band_of(0),
            tco_12: band_of(1),
            tco_36: band_of(2),
            fail_percent: share(fail_count),
            failures,
            regret_p95_percent: regret_p95,
            priced,
        });
    }
    // Under-provisioned in more than 5 % of the samples: ranked by how often, after every
    // option that is not.
    let tolerated = |fails: usize| if fails * 100 <= 5 * n_us { 0 } else { fails };
    regret_rank.sort_by(|a, b| {
        let p50 = |i: usize| bands[i].monthly.map_or(Decimal::MAX, |b| b.p50);
        tolerated(a.3)
            .cmp(&tolerated(b.3))
            .then(a.1.cmp(&b.1))
            .then(a.3.cmp(&b.3))
            .then(p50(a.0).cmp(&p50(b.0)))
            .then(a.0.cmp(&b.0))
    });

    let mut recommendation = None;
    let least_regret = regret_rank.first().map(|&(i, _, over95, fails)| {
        let o = &likely[i];
        let tail = if fails == 0 {
            "never under-provisioned".to_string()
        } else {
            format!("under-provisioned in {} % of cases", show(share(fails), 1))
        };
        let over = over95.round_dp(0);
        let sentence = if over.is_zero() {
            format!(
                "{}: the cheapest in at least 95 % of cases and {tail}.",
                o.label
            )
        } else {
            format!(
                "{}: at most {} % above the cheapest in 95 % of cases and {tail}.",
                o.label,
                show(over, 0)
            )
        };
        // The decision tree's recommendation for this option alone (its path and cache),
        // with the sentence as its reason.
        let only_this: Vec<OptionEstimate> = likely
            .iter()
            .filter(|x| x.role != Role::Database || x.id == o.id)
            .cloned()
            .collect();
        recommendation = recommend::recommend(s, &only_this).map(|mut r| {
            r.path.push(format!(
                "inputs are ranges → the least-regret option over {n} samples"
            ));
            r.reasons = vec![sentence.clone()];
            r.runner_up = regret_rank.get(1).map(|x| likely[x.0].id.to_string());
            r
        });
        LeastRegret {
            option_id: o.id.to_string(),
            sentence,
        }
    });
    let uncertainty = Uncertainty {
        samples: n,
        seed: s.assumptions.range_seed,
        ranged_fields: s.ranges.keys().map(|f| f.path().to_string()).collect(),
        options: bands,
        least_regret,
    };
    (uncertainty, recommendation)
}

/// Bands of every option at each banded point of a sweep (see [`SWEEP_BANDED_POINTS`]):
/// [`SWEEP_SAMPLES`] samples, each priced in a lean pass at the point's scale. Unlike the
/// estimate, a sweep point re-sizes each option for each sample (a sweep point has no
/// likely configuration of its own to pin without a full pass per point).
pub(crate) fn sweep_bands(
    s: &Scenario,
    prices: &dyn PriceBook,
    catalogs: &Catalogs<'_>,
    scales: &[Scale],
) -> Vec<Option<BTreeMap<String, Band>>> {
    let mut sampled = s.clone();
    sampled.assumptions.range_samples = SWEEP_SAMPLES;
    let samples = draw(&sampled, SWEEP_SAMPLES);
    // Every `step`-th point from the first, and the last: at most SWEEP_BANDED_POINTS.
    let step = scales
        .len()
        .saturating_sub(1)
        .div_ceil(SWEEP_BANDED_POINTS - 1)
        .max(1);
    let mut out = Vec::with_capacity(scales.len());
    for (p, scale) in scales.iter().enumerate() {
        if p % step != 0 && p + 1 != scales.len() {
            out.push(None);
            continue;
        }
        let mut by_id: BTreeMap<String, Vec<Option<Decimal>>> = BTreeMap::new();
        for sc in &samples {
            let (_, options) = price_options(
                sc,
                prices,
                catalogs,
                Pass {
                    scale: *scale,
                    caches: false,
                    lean: true,
                    only: None,
                },
            );
            for o in options {
                by_id.entry(o.id.into_owned()).or_default().push(o.monthly);
            }
        }
        let bands = by_id
            .into_iter()
            .filter_map(|(id, v)| {
                let mut v: Option<Vec<Decimal>> = v.into_iter().collect();
                v.as_mut().map(|v| (id, percentiles(v)))
            })
            .collect();
        out.push(Some(bands));
    }
    out
}

/// The scaling of the estimate's main pass: reads fall by the hit rate when the cache is part
/// of the design (as in [`crate::estimate()`]).
fn main_scale(s: &Scenario) -> Scale {
    if s.caching.mode == CacheMode::Yes {
        Scale {
            read_factor: Decimal::ONE - pct(s.caching.hit_rate_percent),
            ..Scale::ONE
        }
    } else {
        Scale::ONE
    }
}

/// The nearest-rank 5th, 50th and 95th percentiles (sorts `v`; `v` must not be empty).
fn percentiles(v: &mut [Decimal]) -> Band {
    v.sort_unstable();
    let at = |p: usize| {
        let rank = (p * v.len()).div_ceil(100).max(1);
        v[rank - 1]
    };
    Band {
        p5: at(5),
        p50: at(50),
        p95: at(95),
    }
}

/// `n` sampled scenarios: `s` with each ranged field drawn from its PERT distribution, and
/// no ranges left.
fn draw(s: &Scenario, n: u32) -> Vec<Scenario> {
    let mut base = s.clone();
    base.ranges.clear();
    let mut out = vec![base; n as usize];
    for (k, field) in RangedField::ALL.iter().enumerate() {
        let Some(spread) = s.ranges.get(field) else {
            continue;
        };
        let likely = field.value(s);
        let mut rng = SplitMix64::new(s.assumptions.range_seed, k as u64 + 1);
        for sc in &mut out {
            *field.value_mut(sc) = pert(&mut rng, spread, likely);
        }
    }
    out
}

/// One PERT draw over `[low, high]` with mode `likely` (see the module documentation).
fn pert(rng: &mut SplitMix64, spread: &Spread, likely: Decimal) -> Decimal {
    let (low, high) = (spread.low, spread.high);
    let width = high - low;
    if width <= Decimal::ZERO {
        return likely;
    }
    let lambda = f64::from(spread.confidence.lambda());
    let mode = ((likely - low) / width).to_f64().unwrap_or(0.5);
    let alpha = 1.0 + lambda * mode;
    let beta = 1.0 + lambda * (1.0 - mode);
    let x = rng.beta(alpha, beta);
    let fraction = Decimal::from_f64(x).unwrap_or(Decimal::ZERO).round_dp(9);
    (low + fraction * width).round_dp(6).clamp(low, high)
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit state advanced by the golden gamma and
/// mixed; passes BigCrush and needs no OS randomness (wasm32).
struct SplitMix64(u64);

impl SplitMix64 {
    const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

    /// A stream for `(seed, stream)`: distinct streams start far apart.
    fn new(seed: u64, stream: u64) -> Self {
        let mut start = SplitMix64(stream.wrapping_mul(Self::GAMMA) ^ seed);
        SplitMix64(start.next_u64() ^ seed.rotate_left(32))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(Self::GAMMA);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in the open interval (0, 1): 53 random bits, centred in their cell.
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Standard normal by the polar method (Marsaglia and Bray, "A Convenient Method for
    /// Generating Normal Variables", SIAM Review 6, 1964); one of the pair is used.
    fn normal(&mut self) -> f64 {
        loop {
            let u = 2.0 * self.uniform() - 1.0;
            let v = 2.0 * self.uniform() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                return u * (-2.0 * ln(s) / s).sqrt();
            }
        }
    }

    /// Gamma(α, 1) for α ≥ 1 by Marsaglia and Tsang (2000).
    fn gamma(&mut self, alpha: f64) -> f64 {
        let d = alpha - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let t = 1.0 + c * x;
            if t <= 0.0 {
                continue;
            }
            let v = t * t * t;
            let u = self.uniform();
            if u < 1.0 - 0.0331 * (x * x) * (x * x) {
                return d * v;
            }
            if ln(u) < 0.5 * x * x + d * (1.0 - v + ln(v)) {
                return d * v;
            }
        }
    }

    /// Beta(α, β) as X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β).
    fn beta(&mut self, alpha: f64, beta: f64) -> f64 {
        let x = self.gamma(alpha);
        let y = self.gamma(beta);
        x / (x + y)
    }
}

/// Natural logarithm of a positive, finite, normal `x` with only IEEE basic operations
/// (bit-identical on every platform, unlike the libm `ln`): `x = m × 2^e` with
/// `m ∈ [√½, √2]`, `ln m = 2 atanh((m − 1)/(m + 1))` by its series (|z| ≤ 0.172, 13 terms:
/// error below 1e-20), plus `e ln 2`.
fn ln(x: f64) -> f64 {
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m /= 2.0;
        e += 1;
    }
    let z = (m - 1.0) / (m + 1.0);
    let z2 = z * z;
    let mut term = z;
    let mut sum = 0.0;
    for k in 0..13 {
        sum += term / f64::from(2 * k + 1);
        term *= z2;
    }
    2.0 * sum + e as f64 * std::f64::consts::LN_2
}

/// The fixed configuration of an option, read from its sizing at `likely`.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// RDS: class, read replicas, and readable standbys (2 for a Multi-AZ DB cluster).
    Rds {
        engine: DbEngine,
        class: String,
        replicas: u32,
        standbys: u32,
    },
    /// Aurora provisioned: class and readers.
    Aurora {
        engine: DbEngine,
        class: String,
        readers: u32,
    },
    /// Aurora Serverless v2: ACU range.
    Serverless {
        engine: DbEngine,
        min: Decimal,
        max: Decimal,
    },
    /// Provisioned writer + Serverless v2 readers.
    Hybrid {
        engine: DbEngine,
        class: String,
        min: Decimal,
        max: Decimal,
    },
    /// DynamoDB provisioned at peak: fixed RCU and WCU.
    DynamoPeak { rcu: Decimal, wcu: Decimal },
    /// DynamoDB on-demand or auto scaling: follows the load.
    DynamoFollows,
    /// ElastiCache node-based: node type, shards, replicas.
    CacheNodes {
        node: String,
        shards: u32,
        /// `None` for Memcached (no replicas).
        replicas: Option<u32>,
    },
    /// Nothing fixed to pin (serverless caches, DAX) or not priced.
    Follows,
}

impl Kind {
    /// Reads the configuration back from the option's sizing (the choices the sizing modules
    /// write; `uncertainty::tests` checks each is found for the sample price table).
    fn of(o: &OptionEstimate, s: &Scenario) -> Kind {
        if o.status != PriceStatus::Priced {
            return Kind::Follows;
        }
        let choice = |item: &str| o.sizing.iter().find(|z| z.item == item).map(|z| &*z.choice);
        let count = |item: &str| choice(item).and_then(|c| c.parse::<u32>().ok());
        let aurora_engine = match s.overrides.engine {
            Some(e) if e.has_aurora() => e,
            _ => DbEngine::Postgresql,
        };
        let engine_in = |prefix: &str| {
            DbEngine::ALL
                .into_iter()
                .find(|e| o.id.starts_with(&format!("{prefix}-{}-", e.id())))
        };
        let acu_range = |item: &str| -> Option<(Decimal, Decimal)> {
            let (lo, hi) = choice(item)?.strip_suffix(" ACU")?.split_once(" - ")?;
            Some((lo.parse().ok()?, hi.parse().ok()?))
        };
        let parsed = match o.service {
            Service::Rds => engine_in("rds").and_then(|engine| {
                Some(Kind::Rds {
                    engine,
                    class: choice("instance class")?.to_string(),
                    replicas: count("read replicas").unwrap_or(0),
                    standbys: if o.id.ends_with("-multi-az-cluster") {
                        2
                    } else {
                        0
                    },
                })
            }),
            Service::Aurora if o.id == "aurora-provisioned-writer-serverless-readers" => {
                acu_range("Serverless v2 reader").and_then(|(min, max)| {
                    Some(Kind::Hybrid {
                        engine: aurora_engine,
                        class: choice("writer")?.to_string(),
                        min,
                        max,
                    })
                })
            }
            Service::Aurora => engine_in("aurora").and_then(|engine| {
                Some(Kind::Aurora {
                    engine,
                    class: choice("instance class")?.to_string(),
                    readers: count("readers")?,
                })
            }),
            Service::AuroraServerlessV2 => {
                acu_range("capacity range").map(|(min, max)| Kind::Serverless {
                    engine: aurora_engine,
                    min,
                    max,
                })
            }
            Service::Dynamodb if o.id.starts_with("dynamodb-provisioned-peak") => {
                choice("provisioned capacity").and_then(|c| {
                    let (r, w) = c.strip_prefix("up to ")?.split_once(" RCU, ")?;
                    Some(Kind::DynamoPeak {
                        rcu: r.parse().ok()?,
                        wcu: w.strip_suffix(" WCU")?.parse().ok()?,
                    })
                })
            }
            Service::Dynamodb => Some(Kind::DynamoFollows),
            Service::Elasticache if o.id.ends_with("-nodes") => choice("node type")
                .zip(choice("nodes"))
                .and_then(|(node, nodes)| {
                    let (shards, rest) = nodes.split_once(" shard(s) × (1 + ")?;
                    let (replicas, _) = rest.split_once(" replica(s))")?;
                    Some(Kind::CacheNodes {
                        node: node.to_string(),
                        shards: shards.parse().ok()?,
                        replicas: if o.id.starts_with("elasticache-memcached-") {
                            None
                        } else {
                            Some(replicas.parse().ok()?)
                        },
                    })
                }),
            _ => Some(Kind::Follows),
        };
        parsed.unwrap_or(Kind::Follows)
    }

    /// The instance class (writer class for the hybrid) or cache node of the configuration.
    fn spec<'c>(&self, catalogs: &'c Catalogs<'_>) -> Option<&'c InstanceSpec> {
        match self {
            Kind::Rds { class, .. } | Kind::Aurora { class, .. } | Kind::Hybrid { class, .. } => {
                catalogs
                    .table
                    .db_classes
                    .specs
                    .iter()
                    .find(|c| &c.class == class)
            }
            Kind::CacheNodes { node, .. } => {
                catalogs.table.cache_nodes.iter().find(|c| &c.class == node)
            }
            _ => None,
        }
    }

    /// The overrides that pin this configuration.
    fn pins(&self, user: &Overrides) -> Vec<Pin> {
        match self {
            Kind::Rds {
                class, replicas, ..
            } => vec![Pin::RdsClass(class.clone()), Pin::RdsReplicas(*replicas)],
            Kind::Aurora { class, readers, .. } => vec![
                Pin::AuroraClass(class.clone()),
                Pin::AuroraReaders(*readers),
            ],
            Kind::Serverless { min, max, .. } => vec![Pin::MinAcu(*min), Pin::MaxAcu(*max)],
            Kind::Hybrid {
                class, min, max, ..
            } => vec![
                Pin::AuroraClass(class.clone()),
                Pin::MinAcu(*min),
                Pin::MaxAcu(*max),
            ],
            Kind::DynamoPeak { rcu, wcu } => vec![Pin::Rcu(Some(*rcu)), Pin::Wcu(Some(*wcu))],
            // Auto scaling reads the same RCU/WCU overrides: keep the user's own.
            Kind::DynamoFollows => vec![Pin::Rcu(user.dynamodb_rcu), Pin::Wcu(user.dynamodb_wcu)],
            Kind::CacheNodes {
                node,
                shards,
                replicas,
            } => {
                let mut pins = vec![Pin::CacheNode(node.clone()), Pin::CacheShards(*shards)];
                // Memcached has no replicas: its configuration does not depend on the pin.
                if let Some(r) = replicas {
                    pins.push(Pin::CacheReplicas(*r));
                }
                pins
            }
            Kind::Follows => Vec::new(),
        }
    }
}

/// One pinned override.
#[derive(Debug, Clone, PartialEq)]
enum Pin {
    RdsClass(String),
    RdsReplicas(u32),
    AuroraClass(String),
    AuroraReaders(u32),
    MinAcu(Decimal),
    MaxAcu(Decimal),
    Rcu(Option<Decimal>),
    Wcu(Option<Decimal>),
    CacheNode(String),
    CacheShards(u32),
    CacheReplicas(u32),
}

const PIN_SLOTS: usize = 11;

impl Pin {
    fn slot(&self) -> usize {
        match self {
            Pin::RdsClass(_) => 0,
            Pin::RdsReplicas(_) => 1,
            Pin::AuroraClass(_) => 2,
            Pin::AuroraReaders(_) => 3,
            Pin::MinAcu(_) => 4,
            Pin::MaxAcu(_) => 5,
            Pin::Rcu(_) => 6,
            Pin::Wcu(_) => 7,
            Pin::CacheNode(_) => 8,
            Pin::CacheShards(_) => 9,
            Pin::CacheReplicas(_) => 10,
        }
    }

    /// Whether `o` already holds this value.
    fn holds(&self, o: &Overrides) -> bool {
        match self {
            Pin::RdsClass(c) => o.rds_instance_class.as_ref() == Some(c),
            Pin::RdsReplicas(n) => o.rds_read_replicas == Some(*n),
            Pin::AuroraClass(c) => o.aurora_instance_class.as_ref() == Some(c),
            Pin::AuroraReaders(n) => o.aurora_readers == Some(*n),
            Pin::MinAcu(v) => o.serverless_min_acu == Some(*v),
            Pin::MaxAcu(v) => o.serverless_max_acu == Some(*v),
            Pin::Rcu(v) => o.dynamodb_rcu == *v,
            Pin::Wcu(v) => o.dynamodb_wcu == *v,
            Pin::CacheNode(c) => o.elasticache_node_type.as_ref() == Some(c),
            Pin::CacheShards(n) => o.elasticache_shards == Some(*n),
            Pin::CacheReplicas(n) => o.elasticache_replicas == Some(*n),
        }
    }

    fn apply(&self, o: &mut Overrides) {
        match self {
            Pin::RdsClass(c) => o.rds_instance_class = Some(c.clone()),
            Pin::RdsReplicas(n) => o.rds_read_replicas = Some(*n),
            Pin::AuroraClass(c) => o.aurora_instance_class = Some(c.clone()),
            Pin::AuroraReaders(n) => o.aurora_readers = Some(*n),
            Pin::MinAcu(v) => o.serverless_min_acu = Some(*v),
            Pin::MaxAcu(v) => o.serverless_max_acu = Some(*v),
            Pin::Rcu(v) => o.dynamodb_rcu = *v,
            Pin::Wcu(v) => o.dynamodb_wcu = *v,
            Pin::CacheNode(c) => o.elasticache_node_type = Some(c.clone()),
            Pin::CacheShards(n) => o.elasticache_shards = Some(*n),
            Pin::CacheReplicas(n) => o.elasticache_replicas = Some(*n),
        }
    }
}

/// One lean pass per sample: the overrides that pin the configurations of the options it
/// prices. Options of one service with different configurations go to different passes;
/// different services share passes, so a sample needs as many passes as the most varied
/// service has configurations (typically 2 to 4).
struct PassPlan {
    overrides: Overrides,
    claimed: [bool; PIN_SLOTS],
    ids: Vec<crate::estimate::Txt>,
    /// The position of each of `ids` in the estimate's options.
    index: Vec<usize>,
    caches: bool,
}

fn plan_passes(s: &Scenario, likely: &[OptionEstimate], kinds: &[Kind]) -> Vec<PassPlan> {
    let mut plans: Vec<PassPlan> = Vec::new();
    for (i, (o, kind)) in likely.iter().zip(kinds).enumerate() {
        let pins = kind.pins(&s.overrides);
        let fits = |p: &PassPlan| {
            pins.iter()
                .all(|pin| !p.claimed[pin.slot()] || pin.holds(&p.overrides))
        };
        let k = match plans.iter().position(fits) {
            Some(k) => k,
            None => {
                plans.push(PassPlan {
                    overrides: s.overrides.clone(),
                    claimed: [false; PIN_SLOTS],
                    ids: Vec::new(),
                    index: Vec::new(),
                    caches: false,
                });
                plans.len() - 1
            }
        };
        let plan = &mut plans[k];
        for pin in &pins {
            pin.apply(&mut plan.overrides);
            plan.claimed[pin.slot()] = true;
        }
        plan.ids.push(o.id.clone());
        plan.index.push(i);
        plan.caches |= o.role == Role::Cache;
    }
    plans
}

/// The needs an option's unmet fit notes name at `likely`, for a sample whose lean pass
/// reports a need unmet (lean passes do not write the notes' names).
fn unmet_fit_needs(o: &OptionEstimate) -> String {
    let unmet: Vec<&str> = o
        .fit
        .iter()
        .filter(|f| !f.meets)
        .map(|f| &*f.need)
        .collect();
    if unmet.is_empty() {
        "a storage or replica limit is exceeded".to_string()
    } else {
        format!("does not meet: {}", unmet.join(", "))
    }
}

/// Capacity of `n` instances of `spec` in vCPUs: burstable classes count at their 20 %
/// baseline, as in [`crate::rds`]'s sizing.
fn vcpus(spec: &InstanceSpec, n: u32) -> Decimal {
    let cpu = Decimal::from(spec.vcpu) * Decimal::from(n);
    if spec.is_burstable() {
        cpu * Decimal::new(2, 1)
    } else {
        cpu
    }
}

/// The needs a sample can fail, by bit of a failure mask; the last is the option's own fit
/// notes (named per option by `unmet_fit_needs`).
const NEEDS: [&str; 9] = [
    "instance CPU below the busiest hour's need (slow queries)",
    "instance memory below the working set (reads from storage)",
    "Serverless v2 maximum ACU below the busiest hour (throttles)",
    "provisioned RCU below peak reads (throttles)",
    "provisioned WCU below peak writes (throttles)",
    "hottest key above one partition's 3,000 RCU / 1,000 WCU (throttles)",
    "cache memory below the cached data (evictions)",
    "cache shards below peak operations",
    "fit notes",
];
const CPU: usize = 0;
const MEMORY: usize = 1;
const ACU: usize = 2;
const RCU: usize = 3;
const WCU: usize = 4;
const HOT_KEY: usize = 5;
const CACHE_MEMORY: usize = 6;
const CACHE_OPS: usize = 7;
const FIT: usize = 8;

/// The needs (a mask of [`NEEDS`] bits) a fixed configuration, with its instance class or
/// cache node `spec`, cannot serve in the sampled scenario `sc`.
fn needs_failed(
    kind: &Kind,
    spec: Option<&InstanceSpec>,
    sc: &Scenario,
    w: &Workload,
    catalogs: &Catalogs<'_>,
    prices: &dyn PriceBook,
) -> u16 {
    let mut out = 0u16;
    let mut fail = |bit: usize, failed: bool| {
        if failed {
            out |= 1 << bit;
        }
    };
    let instances = |n: u32, vcpu: Decimal| {
        spec.map_or((false, false), |spec| {
            (
                spec.vcpu > 0 && vcpu > vcpus(spec, n),
                spec.memory_gib > Decimal::ZERO && memory_need(w) > spec.memory_gib,
            )
        })
    };
    let peak_acu = |engine: DbEngine, reads: bool, writes: bool| {
        need_by_hour(sc, w, engine, reads, writes)
            .into_iter()
            .fold(Decimal::ZERO, Decimal::max)
    };
    match kind {
        Kind::Rds {
            engine,
            replicas,
            standbys,
            ..
        } => {
            let (cpu, memory) = instances(1 + replicas + standbys, vcpu_need(w, *engine));
            fail(CPU, cpu);
            fail(MEMORY, memory);
        }
        Kind::Aurora {
            engine, readers, ..
        } => {
            let (cpu, memory) = instances(1 + readers, vcpu_need(w, *engine));
            fail(CPU, cpu);
            fail(MEMORY, memory);
        }
        Kind::Serverless { engine, max, .. } => fail(ACU, peak_acu(*engine, true, true) > *max),
        Kind::Hybrid { engine, max, .. } => {
            let writer = peak_acu(*engine, false, true) / Decimal::from(ACU_PER_VCPU);
            let (cpu, memory) = instances(1, writer);
            fail(CPU, cpu);
            fail(MEMORY, memory);
            fail(ACU, peak_acu(*engine, true, false) > *max);
        }
        Kind::DynamoPeak { .. } | Kind::DynamoFollows => {
            let (rru, wru) = units_per_request(sc);
            let peak_r = w.peak_reads() * rru;
            let peak_w = w.peak_writes() * wru;
            if let Kind::DynamoPeak { rcu, wcu } = kind {
                fail(RCU, peak_r > *rcu);
                fail(WCU, peak_w > *wcu);
            }
            let key = pct(sc.traffic.hottest_key_percent);
            fail(HOT_KEY, hot_partition(peak_r * key, peak_w * key).is_some());
        }
        Kind::CacheNodes { shards, .. } => {
            let ctx = Ctx {
                s: sc,
                w: w.clone(),
                prices,
                lean: true,
                only: None,
                catalogs: &catalogs.table,
                fit_memo: std::cell::RefCell::new(Vec::new()),
                rds_storage: std::cell::RefCell::new(Vec::new()),
                instance_reasons: std::cell::RefCell::new(Vec::new()),
                aurora_volumes: std::cell::RefCell::new(Vec::new()),
                aurora_io_texts: std::cell::RefCell::new(Vec::new()),
            };
            let (_, memory, _, peak_ops) = cache_load(&ctx);
            let shards = Decimal::from(*shards);
            if let Some(spec) = spec {
                let usable = usable_memory_gib(
                    spec.memory_gib,
                    sc.assumptions.elasticache_reserved_memory_percent,
                );
                fail(CACHE_MEMORY, memory > usable * shards);
            }
            fail(CACHE_OPS, peak_ops > Decimal::from(OPS_PER_SHARD) * shards);
        }
        Kind::Follows => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::sample_us_east_1;

    #[test]
    fn ln_matches_known_values() {
        for (x, want) in [
            (1.0, 0.0),
            (2.0, std::f64::consts::LN_2),
            (std::f64::consts::E, 1.0),
            (10.0, std::f64::consts::LN_10),
            (0.1, -std::f64::consts::LN_10),
            (1e-12, -12.0 * std::f64::consts::LN_10),
        ] {
            assert!(
                (ln(x) - want).abs() < 1e-14,
                "ln({x}) = {} not {want}",
                ln(x)
            );
        }
    }

    #[test]
    fn nearest_rank_percentiles() {
        // 1..=100: the 5th, 50th and 95th smallest.
        let mut v: Vec<Decimal> = (1..=100).rev().map(Decimal::from).collect();
        let b = percentiles(&mut v);
        assert_eq!((b.p5, b.p50, b.p95), (5.into(), 50.into(), 95.into()));
        // 300 samples: ranks ceil(15) = 15, 150 and 285.
        let mut v: Vec<Decimal> = (1..=300).map(Decimal::from).collect();
        let b = percentiles(&mut v);
        assert_eq!((b.p5, b.p50, b.p95), (15.into(), 150.into(), 285.into()));
    }

    #[test]
    fn pert_draws_stay_in_range_with_the_pert_mean() {
        // PERT mean = (low + λ likely + high) / (λ + 2): (0 + 4 × 1 + 10) / 6 = 2.333...
        let spread = Spread {
            low: Decimal::ZERO,
            high: Decimal::TEN,
            confidence: crate::scenario::Confidence::Medium,
        };
        let mut rng = SplitMix64::new(7, 1);
        let n = 20_000;
        let mut sum = Decimal::ZERO;
        for _ in 0..n {
            let x = pert(&mut rng, &spread, Decimal::ONE);
            assert!(x >= Decimal::ZERO && x <= Decimal::TEN);
            sum += x;
        }
        let mean = sum / Decimal::from(n);
        assert!(
            (mean - Decimal::new(2333, 3)).abs() < Decimal::new(5, 2),
            "mean {mean}"
        );
    }

    #[test]
    fn every_fixed_configuration_is_read_back_from_the_sizing() {
        let prices = sample_us_east_1();
        let mut kv = Scenario::default();
        kv.needs.acid_transactions = false;
        kv.needs.joins = false;
        for s in [Scenario::default(), kv] {
            let e = crate::estimate(&s, &prices).unwrap();
            for o in e.options.iter().filter(|o| o.status == PriceStatus::Priced) {
                let kind = Kind::of(o, &s);
                let fixed = match o.service {
                    Service::Rds | Service::Aurora | Service::AuroraServerlessV2 => true,
                    Service::Dynamodb => o.id.starts_with("dynamodb-provisioned-peak"),
                    Service::Elasticache => o.id.ends_with("-nodes"),
                    Service::Dax => false,
                };
                if fixed {
                    assert!(
                        !matches!(kind, Kind::Follows | Kind::DynamoFollows),
                        "{}: nothing read from {:?}",
                        o.id,
                        o.sizing
                    );
                }
            }
        }
    }
}
