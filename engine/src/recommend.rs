//! The recommendation, following the seed's decision tree ("Database Decision Tree" in
//! seed-aws-database-services): ACID transactions (or joins) → relational, where Aurora is
//! the cloud-native, auto-scaling branch and RDS the traditional, lower-cost one; otherwise
//! key-value with predictable access → DynamoDB. Within the branch, the cheapest priced
//! option that meets every need wins. Caching: DynamoDB-specific → DAX; complex structures
//! or persistence → ElastiCache (Valkey / Redis OSS); simple key-value → Memcached.
//! And the caching what-if: cache cost against database savings.

use rust_decimal::Decimal;

use crate::estimate::{CachingRow, CachingWhatIf, OptionEstimate, Recommendation, Role, Service};
use crate::scenario::{CacheMode, Scenario};
use crate::workload::show;

fn is_relational(o: &OptionEstimate) -> bool {
    matches!(
        o.service,
        Service::Rds | Service::Aurora | Service::AuroraServerlessV2
    )
}

/// The options the decision tree chooses among: priced database options in its branch that
/// meet every need, else any that meet every need, else every priced one (a compromise).
/// Returns them unsorted, with the steps taken and whether it is a compromise.
pub(crate) fn candidates<'o>(
    s: &Scenario,
    options: &'o [OptionEstimate],
) -> (Vec<&'o OptionEstimate>, Vec<String>, bool) {
    let mut path = Vec::new();
    let relational = s.needs.acid_transactions || s.needs.joins;
    let in_branch: &dyn Fn(&OptionEstimate) -> bool = if relational {
        path.push(if s.needs.joins {
            "joins needed → relational (RDS or Aurora)".to_string()
        } else {
            "ACID transactions needed → relational (RDS or Aurora)".to_string()
        });
        &is_relational
    } else {
        path.push(
            "no ACID transactions or joins → NoSQL: key-value with predictable access → DynamoDB"
                .to_string(),
        );
        &|o: &OptionEstimate| o.service == Service::Dynamodb
    };
    let priced_db = |o: &&OptionEstimate| o.role == Role::Database && o.monthly.is_some();
    let mut ranked: Vec<&OptionEstimate> = options
        .iter()
        .filter(priced_db)
        .filter(|o| in_branch(o) && o.meets_all_needs)
        .collect();
    if ranked.is_empty() {
        path.push(
            "no priced option in that branch meets every need → every database option".to_string(),
        );
        ranked = options
            .iter()
            .filter(priced_db)
            .filter(|o| o.meets_all_needs)
            .collect();
    }
    let mut compromise = false;
    if ranked.is_empty() {
        path.push(
            "no priced option meets every need → the cheapest priced option, with its unmet needs"
                .to_string(),
        );
        ranked = options.iter().filter(priced_db).collect();
        compromise = true;
    }
    (ranked, path, compromise)
}

/// Recommend the cheapest option meeting every need in the decision tree's branch.
pub(crate) fn recommend(s: &Scenario, options: &[OptionEstimate]) -> Option<Recommendation> {
    let relational = s.needs.acid_transactions || s.needs.joins;
    let (mut ranked, mut path, compromise) = candidates(s, options);
    let mut reasons = Vec::new();
    ranked.sort_by_key(|o| o.monthly.unwrap_or(Decimal::MAX));
    let best = *ranked.first()?;
    let monthly = best.monthly.unwrap_or_default();
    if relational {
        path.push(match best.service {
            Service::Rds => "traditional, lower cost → RDS".to_string(),
            _ => "cloud-native, auto-scaling → Aurora".to_string(),
        });
    }
    reasons.push(format!(
        "cheapest {} at {} per month",
        if compromise {
            "priced option"
        } else {
            "priced option that meets every need"
        },
        show(monthly, 2)
    ));
    for f in &best.fit {
        reasons.push(format!(
            "{}: {}",
            if f.meets { "meets" } else { "does not meet" },
            f.note
        ));
    }
    let runner_up = ranked.get(1).map(|o| {
        reasons.push(format!(
            "next: {} at {} per month ({} more)",
            o.id,
            show(o.monthly.unwrap_or_default(), 2),
            show(o.monthly.unwrap_or_default() - monthly, 2)
        ));
        o.id.to_string()
    });
    let cache_option_id = if s.caching.mode == CacheMode::No {
        None
    } else {
        let dynamo = best.service == Service::Dynamodb;
        path.push(if dynamo {
            "caching wanted, DynamoDB-specific → DAX".to_string()
        } else {
            "caching wanted → ElastiCache (Valkey or Redis OSS for structures and persistence, Memcached for simple key-value)".to_string()
        });
        cheapest_cache(options, dynamo).map(|o| o.id.to_string())
    };
    Some(Recommendation {
        option_id: best.id.to_string(),
        monthly,
        path,
        reasons,
        runner_up,
        cache_option_id,
    })
}

/// The cheapest priced cache for a database: DAX for DynamoDB, else ElastiCache.
fn cheapest_cache(options: &[OptionEstimate], dynamo: bool) -> Option<&OptionEstimate> {
    options
        .iter()
        .filter(|o| o.role == Role::Cache && o.monthly.is_some())
        .filter(|o| (o.service == Service::Dax) == dynamo)
        .min_by_key(|o| o.monthly.unwrap_or(Decimal::MAX))
}

/// For every database option priced both ways: the savings a cache brings against its cost.
pub(crate) fn caching_what_if(
    s: &Scenario,
    without: &[OptionEstimate],
    with: &[OptionEstimate],
    all: &[OptionEstimate],
) -> CachingWhatIf {
    let mut rows = Vec::new();
    for a in without.iter().filter(|o| o.role == Role::Database) {
        let Some(b) = with.iter().find(|o| o.id == a.id) else {
            continue;
        };
        let (Some(x), Some(y)) = (a.monthly, b.monthly) else {
            continue;
        };
        let Some(cache) = cheapest_cache(all, a.service == Service::Dynamodb) else {
            continue;
        };
        let cache_monthly = cache.monthly.unwrap_or_default();
        let savings = x - y;
        rows.push(CachingRow {
            option_id: a.id.to_string(),
            without_cache: x,
            with_cache: y,
            database_savings: savings,
            cache_option_id: cache.id.to_string(),
            cache_monthly,
            net_savings: savings - cache_monthly,
        });
    }
    CachingWhatIf {
        hit_rate_percent: s.caching.hit_rate_percent,
        rows,
    }
}
