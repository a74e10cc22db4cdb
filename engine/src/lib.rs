//! dbcost's cost engine: a pure function from a workload [`Scenario`] and a price table to a
//! sized, priced, auditable [`Estimate`] across Amazon RDS, Aurora, Aurora Serverless v2,
//! DynamoDB and ElastiCache.
//!
//! - [`estimate()`] sizes and prices every applicable option, recommends one by the decision
//!   tree of the seed reference (ACID or joins → relational, else DynamoDB; the cheapest
//!   option that meets every need), and prices the caching what-if.
//! - [`sweep()`] prices every option as traffic or data scales, and finds break-even points.
//! - When inputs are ranges, both also sample them ([`uncertainty`]): cost bands (p5, p50,
//!   p95), how often each option fails a need, and the least-regret recommendation.
//!
//! The engine does no I/O, holds no state and has no async: it compiles for wasm32. It cannot
//! fail except on invalid input ([`ScenarioError`]). Money is [`rust_decimal::Decimal`] at
//! full precision everywhere; round once, for display ([`round_for_display`]). A price the
//! table lacks never becomes a zero: the option that needs it is reported as not priced with
//! the missing price named ([`MissingPrice`]).
//!
//! Each formula's doc comment states the AWS billing rule it implements and where AWS states
//! it; figures that are planning heuristics say so.
//!
//! Code map: [`scenario`] (the input and its validation), [`prices`] (the [`PriceBook`]
//! lookup the engine prices through; implemented for `pricing_data::PriceTable` and for
//! [`fixtures::MapPriceBook`]), [`estimate`](mod@estimate) (output types and the line-item
//! bill), one module per service ([`rds`], [`aurora`], [`serverless`], [`dynamodb`],
//! [`elasticache`]), [`reserved`] (terms and amortisation), [`sweep`](mod@sweep), and the
//! private `fit` (RPO/RTO and capability notes), `recommend` (decision tree, caching
//! what-if) and `workload` (hourly rates and data growth).

pub mod aurora;
mod catalogs;
pub mod decimal_text;
pub mod dynamodb;
pub mod elasticache;
pub mod error;
pub mod estimate;
mod fit;
pub mod fixtures;
pub mod prices;
pub mod rds;
mod recommend;
pub mod reserved;
pub mod scenario;
pub mod serverless;
pub mod sweep;
mod table;
pub mod uncertainty;
mod workload;

use rust_decimal::Decimal;

pub use catalogs::{Indexed, TableCatalogs};
pub use error::ScenarioError;
pub use estimate::{
    CachingRow, CachingWhatIf, Category, Estimate, FitNote, LineItem, OptionEstimate, PriceStatus,
    Recommendation, Reservation, Role, Service, Sizing, WorkloadSummary, round_for_display,
};
pub use prices::{InstanceSpec, MissingPrice, PriceBook, PriceKey};
pub use scenario::Scenario;
pub use sweep::{BreakEven, Sweep, SweepAxis, SweepPoint, log_multipliers, sweep};
pub use uncertainty::{Band, FailureShare, LeastRegret, OptionBand, Uncertainty};

use crate::scenario::{CacheMode, pct};
use crate::workload::Workload;

/// What `memo` holds under the first key `matches` accepts, or else `make`'s key and value,
/// kept there for the next caller. The per-pass memos (figures and texts that several options
/// share, see [`Ctx`]) all look up this way.
pub(crate) fn memoized<K, V: Clone>(
    memo: &mut Vec<(K, V)>,
    matches: impl Fn(&K) -> bool,
    make: impl FnOnce() -> (K, V),
) -> V {
    if let Some((_, value)) = memo.iter().find(|(key, _)| matches(key)) {
        return value.clone();
    }
    let (key, value) = make();
    memo.push((key, value.clone()));
    value
}

/// A xorshift64 generator for tests: the same numbers from the same seed on every run.
#[cfg(test)]
pub(crate) fn xorshift(mut x: u64) -> impl FnMut() -> u64 {
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

/// Everything one pricing pass needs: the scenario, the derived workload and the catalogs
/// (read from the table once).
pub(crate) struct Ctx<'a> {
    pub s: &'a Scenario,
    pub w: Workload,
    pub prices: &'a dyn PriceBook,
    /// Totals only (sweeps, the caching what-if): no labels, reasons or notes.
    pub lean: bool,
    /// Price only these option ids (the caching what-if); `None` prices every option.
    pub only: Option<&'a [estimate::Txt]>,
    /// The price book's catalogs (instance classes, node types, free tier).
    pub catalogs: &'a TableCatalogs,
    /// Fit notes already written in this pass, by what the option offered.
    pub fit_memo: std::cell::RefCell<Vec<(fit::Offers, Vec<FitNote>)>>,
    /// RDS storage already sized in this pass, by engine (it does not depend on the
    /// deployment).
    pub rds_storage: std::cell::RefCell<Vec<(scenario::DbEngine, rds::Storage)>>,
    /// Reasons for instance choices already written in this pass.
    /// Each with its class name and reason, shared by the options that copy them.
    pub instance_reasons:
        std::cell::RefCell<Vec<(rds::InstanceChoice, (estimate::Txt, estimate::Txt))>>,
    /// Aurora volume figures already worked out in this pass, by engine.
    pub aurora_volumes: std::cell::RefCell<Vec<(scenario::DbEngine, [Decimal; 4])>>,
    /// Aurora's "I/O estimate" sizing texts already written in this pass, by engine (shared
    /// by the Standard and I/O-Optimized options).
    pub aurora_io_texts:
        std::cell::RefCell<Vec<(scenario::DbEngine, (estimate::Txt, estimate::Txt))>>,
}

impl Ctx<'_> {
    /// Whether option `id` is to be priced in this pass.
    pub fn wants(&self, id: &str) -> bool {
        self.only.is_none_or(|ids| ids.iter().any(|i| i == id))
    }
}

/// The catalogs of a price book (kept with the book when it is [`Indexed`], else read once
/// per estimate or sweep), and the last traffic shape worked out (a sweep's 200 passes share
/// one).
pub(crate) struct Catalogs<'a> {
    table: std::borrow::Cow<'a, TableCatalogs>,
    shape: std::cell::RefCell<Option<ShapeMemo>>,
    growth: workload::GrowthMemo,
}

/// `Traffic::hourly_multipliers()` of a traffic shape: what it was computed from and the
/// result.
struct ShapeMemo {
    preset: scenario::ShapePreset,
    custom: Vec<Decimal>,
    multipliers: [Decimal; 24],
}

impl<'a> Catalogs<'a> {
    /// The catalogs of `prices` (see [`PriceBook::catalogs`]).
    pub fn of(prices: &'a dyn PriceBook) -> Catalogs<'a> {
        Catalogs {
            table: prices.catalogs(),
            shape: std::cell::RefCell::new(None),
            growth: workload::GrowthMemo::default(),
        }
    }

    /// `s.traffic.hourly_multipliers()`, computed once for as long as the shape is the same.
    fn hourly_multipliers(&self, s: &Scenario) -> [Decimal; 24] {
        let t = &s.traffic;
        let mut memo = self.shape.borrow_mut();
        match &*memo {
            Some(m) if m.preset == t.shape && m.custom == t.hourly_shape => m.multipliers,
            _ => {
                let multipliers = t.hourly_multipliers();
                *memo = Some(ShapeMemo {
                    preset: t.shape,
                    custom: t.hourly_shape.clone(),
                    multipliers,
                });
                multipliers
            }
        }
    }
}

/// Scaling applied to a scenario for one pricing pass.
#[derive(Clone, Copy)]
pub(crate) struct Scale {
    pub read_factor: Decimal,
    pub traffic: Decimal,
    pub data: Decimal,
}

impl Scale {
    pub const ONE: Scale = Scale {
        read_factor: Decimal::ONE,
        traffic: Decimal::ONE,
        data: Decimal::ONE,
    };
}

/// Hours per month: the scenario's assumption, else the table's.
pub(crate) fn hours(s: &Scenario, prices: &dyn PriceBook) -> Decimal {
    s.assumptions
        .hours_per_month
        .unwrap_or_else(|| prices.hours_per_month())
}

/// What one pricing pass prices.
pub(crate) struct Pass<'a> {
    /// Scaling of the scenario.
    pub scale: Scale,
    /// Also price the caches.
    pub caches: bool,
    /// Totals only.
    pub lean: bool,
    /// Only these option ids.
    pub only: Option<&'a [estimate::Txt]>,
}

/// Price every option for one scaling of the scenario.
pub(crate) fn price_options(
    s: &Scenario,
    prices: &dyn PriceBook,
    catalogs: &Catalogs<'_>,
    pass: Pass<'_>,
) -> (Workload, Vec<OptionEstimate>) {
    let Pass {
        scale,
        caches,
        lean,
        only,
    } = pass;
    let ctx = Ctx {
        s,
        w: Workload::with_shape(
            s,
            catalogs.hourly_multipliers(s),
            &catalogs.growth,
            hours(s, prices),
            scale.read_factor,
            scale.traffic,
            scale.data,
        ),
        prices,
        lean,
        only,
        catalogs: &catalogs.table,
        fit_memo: std::cell::RefCell::new(Vec::new()),
        rds_storage: std::cell::RefCell::new(Vec::new()),
        instance_reasons: std::cell::RefCell::new(Vec::new()),
        aurora_volumes: std::cell::RefCell::new(Vec::new()),
        aurora_io_texts: std::cell::RefCell::new(Vec::new()),
    };
    // Every option is built straight into one vector, sized for all of them (13 RDS, 4
    // Aurora, 2 Serverless v2, 5 DynamoDB, DAX, 6 ElastiCache) or for the few asked for.
    let mut out = Vec::with_capacity(only.map_or(31, <[estimate::Txt]>::len));
    rds::options(&ctx, &mut out);
    aurora::options(&ctx, &mut out);
    serverless::options(&ctx, &mut out);
    dynamodb::options(&ctx, &mut out);
    if caches && s.caching.mode != CacheMode::No {
        out.extend(dynamodb::dax_option(&ctx));
        elasticache::options(&ctx, &mut out);
    }
    (ctx.w, out)
}

/// Size and price every applicable option for a scenario, recommend one, and price the
/// caching what-if.
///
/// With caching `yes`, database reads are reduced by the hit rate and the caches are listed;
/// with `compare`, databases are priced without a cache and the what-if shows the difference.
/// Fails only when the scenario is invalid.
pub fn estimate(s: &Scenario, prices: &dyn PriceBook) -> Result<Estimate, ScenarioError> {
    s.validate()?;
    let catalogs = Catalogs::of(prices);
    let hit = pct(s.caching.hit_rate_percent);
    let cached = Scale {
        read_factor: Decimal::ONE - hit,
        ..Scale::ONE
    };
    let main_scale = if s.caching.mode == CacheMode::Yes {
        cached
    } else {
        Scale::ONE
    };
    let (w, mut options) = price_options(
        s,
        prices,
        &catalogs,
        Pass {
            scale: main_scale,
            caches: true,
            lean: false,
            only: None,
        },
    );

    let caching_what_if = if s.caching.mode == CacheMode::No {
        None
    } else {
        let other_scale = if s.caching.mode == CacheMode::Yes {
            Scale::ONE
        } else {
            cached
        };
        // The what-if compares, for the cheapest priced option of each database service,
        // the cost with and without the cache.
        let mut ids: Vec<estimate::Txt> = Vec::new();
        for service in [
            Service::Rds,
            Service::Aurora,
            Service::AuroraServerlessV2,
            Service::Dynamodb,
        ] {
            if let Some(o) = options
                .iter()
                .filter(|o| o.service == service && o.role == Role::Database && o.monthly.is_some())
                .min_by_key(|o| o.monthly.unwrap_or(Decimal::MAX))
            {
                ids.push(o.id.clone());
            }
        }
        let (_, other) = price_options(
            s,
            prices,
            &catalogs,
            Pass {
                scale: other_scale,
                caches: false,
                lean: true,
                only: Some(&ids),
            },
        );
        let (without, with): (&[OptionEstimate], &[OptionEstimate]) =
            if s.caching.mode == CacheMode::Yes {
                (&other, &options)
            } else {
                (&options, &other)
            };
        Some(recommend::caching_what_if(s, without, with, &options))
    };
    let mut recommendation = recommend::recommend(s, &options);
    // Ranges: bands over the samples, and the least-regret option replaces the
    // recommendation (see `uncertainty`). Single values leave the estimate as it was.
    let uncertainty = (!s.ranges.is_empty()).then(|| {
        let (u, least_regret) = uncertainty::evaluate(s, prices, &catalogs, &options);
        if least_regret.is_some() {
            recommendation = least_regret;
        }
        u
    });
    let mut warnings = Vec::new();
    if s.traffic.reads_per_second.is_zero() && s.traffic.writes_per_second.is_zero() {
        warnings.push("no traffic: only storage and minimum capacity are priced".to_string());
    }
    if options.iter().all(|o| o.status == PriceStatus::NotPriced) {
        warnings.push(
            "no option could be priced: the price table lacks the prices listed under each option"
                .to_string(),
        );
    }
    options.shrink_to_fit();
    Ok(Estimate {
        scenario_version: s.scenario_version,
        currency: prices.currency(),
        hours_per_month: w.hours,
        workload: w.summary(),
        options,
        recommendation,
        caching_what_if,
        warnings,
        uncertainty,
    })
}

/// A pricing context for unit tests.
#[cfg(test)]
pub(crate) fn test_ctx<'a>(s: &'a Scenario, prices: &'a dyn PriceBook) -> Ctx<'a> {
    Ctx {
        s,
        w: Workload::new(
            s,
            hours(s, prices),
            Decimal::ONE,
            Decimal::ONE,
            Decimal::ONE,
        ),
        prices,
        lean: false,
        only: None,
        catalogs: Box::leak(Box::new(TableCatalogs::of(prices))),
        fit_memo: std::cell::RefCell::new(Vec::new()),
        rds_storage: std::cell::RefCell::new(Vec::new()),
        instance_reasons: std::cell::RefCell::new(Vec::new()),
        aurora_volumes: std::cell::RefCell::new(Vec::new()),
        aurora_io_texts: std::cell::RefCell::new(Vec::new()),
    }
}
