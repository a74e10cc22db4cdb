//! Fit notes: whether an option meets the scenario's needs (ACID, joins, Multi-AZ, RPO and
//! RTO), with the published figures each judgement rests on.
//!
//! Recovery figures (seed reference, AWS documentation):
//! - RDS Multi-AZ: synchronous standby, RPO 0, failover 60-120 s ("Multi-AZ deployments",
//!   RDS User Guide: "Failovers typically complete within 60-120 seconds").
//! - RDS Multi-AZ DB cluster: RPO 0, failover typically under 35 s (RDS User Guide,
//!   "Multi-AZ DB cluster deployments").
//! - Aurora: storage six-way across three AZs, RPO 0; failover to a reader under 30 s; with
//!   no reader Aurora recreates the writer, typically within 10 minutes (Aurora User Guide,
//!   "High availability for Amazon Aurora").
//! - Single-AZ RDS: point-in-time restore, logs shipped every 5 minutes (RPO 300 s); restore
//!   takes about an hour for moderate sizes (planning figure).
//! - Cross-region read replica: asynchronous, RPO under 1 minute, RTO under 5 minutes with
//!   manual promotion (seed reference).
//! - Aurora Global Database: replication typically under 1 s; managed failover in about
//!   1 minute (Aurora User Guide, "Using Amazon Aurora Global Database").
//! - DynamoDB: data replicated across three AZs in a region (RPO 0, no failover needed);
//!   global tables replicate asynchronously, typically within a second (DynamoDB Developer
//!   Guide, "Global tables").

use rust_decimal::Decimal;

use crate::Ctx;
use crate::estimate::OptionHead;
use crate::scenario::Needs;
use crate::workload::show;

/// Achievable recovery point and time, seconds, and what they rest on.
#[derive(Clone, PartialEq)]
pub(crate) struct Recovery {
    pub rpo_s: Decimal,
    pub rto_s: Decimal,
    pub basis: &'static str,
}

impl Recovery {
    pub fn new(rpo_s: i64, rto_s: i64, basis: &'static str) -> Recovery {
        Recovery {
            rpo_s: Decimal::from(rpo_s),
            rto_s: Decimal::from(rto_s),
            basis,
        }
    }
}

/// What an option offers, judged against the needs.
#[derive(Clone, PartialEq)]
pub(crate) struct Offers {
    /// Multi-statement ACID transactions.
    pub acid: bool,
    /// Joins and ad-hoc relational queries.
    pub joins: bool,
    /// Survives the loss of an Availability Zone.
    pub multi_az: bool,
    /// Recovery from an AZ failure.
    pub az: Recovery,
    /// Recovery from a region failure, when the option spans regions.
    pub region: Option<Recovery>,
}

/// [`judge`] against the pass's needs, each distinct offer judged once per pass: the RDS
/// engines of one deployment, or the DynamoDB capacity modes, offer the same and get the
/// same notes, copied rather than written again.
pub(crate) fn judge_in(ctx: &Ctx<'_>, head: &mut OptionHead, offers: &Offers) {
    if head.lean {
        // No texts to copy: judging is cheaper than looking up.
        judge(head, &ctx.s.needs, offers);
        return;
    }
    let mut memo = ctx.fit_memo.borrow_mut();
    if let Some((_, notes)) = memo.iter().find(|(o, _)| o == offers) {
        head.unmet |= notes.iter().any(|n| !n.meets);
        head.fit.extend(notes.iter().cloned());
        return;
    }
    let before = head.fit.len();
    judge(head, &ctx.s.needs, offers);
    // The options that offer the same copy these notes: shared, they copy a pointer.
    for note in &mut head.fit[before..] {
        note.note = std::mem::take(&mut note.note).shared();
    }
    memo.push((offers.clone(), head.fit[before..].to_vec()));
}

/// Add fit notes for ACID, joins, Multi-AZ, RPO and RTO.
pub(crate) fn judge(head: &mut OptionHead, needs: &Needs, offers: &Offers) {
    if needs.acid_transactions {
        head.fit(
            "acid",
            offers.acid,
            if offers.acid {
                "supports multi-statement ACID transactions"
            } else {
                "no multi-statement ACID transactions"
            },
        );
    }
    if needs.joins {
        head.fit(
            "joins",
            offers.joins,
            if offers.joins {
                "supports joins and ad-hoc SQL"
            } else {
                "no joins: queries must follow the key design"
            },
        );
    }
    if needs.multi_az {
        head.fit(
            "multi_az",
            offers.multi_az,
            if offers.multi_az {
                "survives the loss of an Availability Zone"
            } else {
                "a single Availability Zone: an AZ outage takes it down"
            },
        );
    }
    let recovery = if needs.regions > 1 {
        match &offers.region {
            Some(r) => r,
            None => {
                head.fit(
                    "regions",
                    false,
                    format_args!("does not span the {} regions required", needs.regions),
                );
                &offers.az
            }
        }
    } else {
        &offers.az
    };
    head.fit(
        "rpo",
        recovery.rpo_s <= needs.rpo_seconds,
        format_args!(
            "RPO about {} s ({}) against a target of {} s",
            show(recovery.rpo_s, 1),
            recovery.basis,
            show(needs.rpo_seconds, 1)
        ),
    );
    head.fit(
        "rto",
        recovery.rto_s <= needs.rto_seconds,
        format_args!(
            "RTO about {} s ({}) against a target of {} s",
            show(recovery.rto_s, 1),
            recovery.basis,
            show(needs.rto_seconds, 1)
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::{Role, Service};
    use rust_decimal_macros::dec;

    /// The RPO, RTO and regions notes read as the sentences written out here with
    /// `format!`, with whole and fractional targets, and whether each need is met follows
    /// the figures.
    #[test]
    fn recovery_notes_read_as_sentences() {
        let offers = Offers {
            acid: true,
            joins: true,
            multi_az: true,
            az: Recovery::new(0, 120, "synchronous standby, failover 60-120 s"),
            region: None,
        };
        for (rpo, rto, regions, shown) in [
            (dec!(60), dec!(300), 1, ("60", "300")),
            (dec!(0.25), dec!(90.04), 3, ("0.2", "90")),
        ] {
            let needs = Needs {
                rpo_seconds: rpo,
                rto_seconds: rto,
                regions,
                ..Needs::default()
            };
            let mut head = OptionHead::new(false, "x", "x", Service::Rds, Role::Database);
            judge(&mut head, &needs, &offers);
            let notes: Vec<(&str, bool, &str)> = head
                .fit
                .iter()
                .map(|n| (n.need.as_str(), n.meets, n.note.as_str()))
                .collect();
            let basis = "synchronous standby, failover 60-120 s";
            let mut expected = vec![
                (
                    "acid",
                    true,
                    "supports multi-statement ACID transactions".to_string(),
                ),
                ("joins", true, "supports joins and ad-hoc SQL".to_string()),
                (
                    "multi_az",
                    true,
                    "survives the loss of an Availability Zone".to_string(),
                ),
            ];
            if regions > 1 {
                expected.push((
                    "regions",
                    false,
                    format!("does not span the {regions} regions required"),
                ));
            }
            expected.push((
                "rpo",
                true,
                format!("RPO about 0 s ({basis}) against a target of {} s", shown.0),
            ));
            expected.push((
                "rto",
                dec!(120) <= rto,
                format!(
                    "RTO about 120 s ({basis}) against a target of {} s",
                    shown.1
                ),
            ));
            let expected: Vec<(&str, bool, &str)> = expected
                .iter()
                .map(|(need, meets, note)| (*need, *meets, note.as_str()))
                .collect();
            assert_eq!(notes, expected);
        }
    }
}
