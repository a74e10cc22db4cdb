//! The calculator's three charts, each built by a plain function from the API's numbers, and
//! the rows of the data table that stands beside each chart (the same numbers, for screen
//! readers and print).

use charming::{
    Chart,
    component::{Axis, Grid, Legend},
    element::{
        AxisType, ItemStyle, Label, LabelPosition, LineStyle, LineStyleType, Tooltip, Trigger,
    },
    element::{MarkLine, MarkLineData, MarkLineVariant, Symbol},
    series::{Bar, Line, Scatter},
};
use engine::{Band, Category, Estimate, OptionEstimate, Role, Sweep};
use rust_decimal::Decimal;

use crate::model::{self, to_f64};

/// The columns of the cost breakdown.
pub const BREAKDOWN: [&str; 6] = ["Compute", "Storage", "I/O", "Backup", "Transfer", "Other"];

/// Which breakdown column a line item's category falls in.
pub fn breakdown_column(category: Category) -> usize {
    match category {
        Category::Compute | Category::Capacity | Category::AmortisedUpfront => 0,
        Category::Storage => 1,
        Category::Iops | Category::Io | Category::Requests => 2,
        Category::Backup => 3,
        Category::Transfer | Category::Replication => 4,
        Category::Upfront => 5,
    }
}

/// One option's monthly cost split into [`BREAKDOWN`]'s columns.
pub fn breakdown(option: &OptionEstimate) -> [Decimal; 6] {
    let mut out = [Decimal::ZERO; 6];
    for item in &option.line_items {
        out[breakdown_column(item.category)] += item.cost;
    }
    out
}

/// The priced options the breakdown shows, cheapest first.
pub fn breakdown_options(estimate: &Estimate) -> Vec<&OptionEstimate> {
    model::sorted_options(estimate)
        .into_iter()
        .filter(|o| o.monthly.is_some())
        .collect()
}

/// ECharts' default palette, set explicitly so that an option's band lines share its colour.
const PALETTE: [&str; 9] = [
    "#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4",
    "#ea7ccc",
];

/// An option's monthly cost band, when the scenario has ranges and the option was priced.
pub fn monthly_band<'a>(estimate: &'a Estimate, id: &str) -> Option<&'a Band> {
    estimate
        .uncertainty
        .as_ref()?
        .options
        .iter()
        .find(|o| o.id == id)?
        .monthly
        .as_ref()
}

/// A stacked bar per option (horizontal, so long labels stay readable). When the scenario
/// has ranges, markers show each option's p5, median and p95 monthly cost beside its bar.
pub fn breakdown_chart(estimate: &Estimate) -> Chart {
    let options = breakdown_options(estimate);
    let labels: Vec<String> = options
        .iter()
        .rev()
        .map(|o| short_label(&o.label))
        .collect();
    let splits: Vec<[Decimal; 6]> = options.iter().rev().map(|o| breakdown(o)).collect();
    let mut chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top(0))
        .grid(
            Grid::new()
                .left(8)
                .right(56)
                .top(36)
                .bottom(24)
                .contain_label(true),
        )
        .x_axis(Axis::new().type_(AxisType::Value).name("$/month"))
        .y_axis(Axis::new().type_(AxisType::Category).data(labels));
    for (column, name) in BREAKDOWN.iter().enumerate() {
        let data: Vec<f64> = splits
            .iter()
            .map(|s| (to_f64(s[column]) * 100.0).round() / 100.0)
            .collect();
        chart = chart.series(Bar::new().name(*name).stack("total").data(data));
    }
    if estimate.uncertainty.is_some() {
        let marks = [
            ("p5", Symbol::Rect, 9, (|b| b.p5) as fn(&Band) -> Decimal),
            ("p50 (median)", Symbol::Diamond, 12, |b| b.p50),
            ("p95", Symbol::Rect, 9, |b| b.p95),
        ];
        for (name, symbol, size, value) in marks {
            let data: Vec<Vec<f64>> = options
                .iter()
                .rev()
                .enumerate()
                .filter_map(|(row, o)| {
                    let band = monthly_band(estimate, &o.id)?;
                    Some(vec![
                        (to_f64(value(band)) * 100.0).round() / 100.0,
                        row as f64,
                    ])
                })
                .collect();
            chart = chart.series(
                Scatter::new()
                    .name(name)
                    .symbol(symbol)
                    .symbol_size(size)
                    .item_style(ItemStyle::new().color("#14213d"))
                    .data(data),
            );
        }
    }
    chart
}

/// The breakdown chart's height for `options` bars, px.
pub fn breakdown_height(options: usize) -> u32 {
    80 + 26 * u32::try_from(options).unwrap_or(40).min(40)
}

/// A label short enough for a chart axis or legend (the data table has the full one).
pub fn short_label(label: &str) -> String {
    const MAX: usize = 34;
    if label.chars().count() <= MAX {
        label.to_owned()
    } else {
        let mut out: String = label.chars().take(MAX - 1).collect();
        out.push('…');
        out
    }
}

/// The leading options of a sweep: the cheapest few at 1x plus every option a break-even
/// names, at most `limit`.
pub fn leading_options(sweep: &Sweep, limit: usize) -> Vec<usize> {
    let at_one = sweep
        .points
        .iter()
        .min_by_key(|p| (p.multiplier - Decimal::ONE).abs())
        .map(|p| p.monthly.clone())
        .unwrap_or_default();
    let mut ranked: Vec<(usize, Decimal)> = at_one
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.map(|m| (i, m)))
        .collect();
    ranked.sort_by_key(|(_, m)| *m);
    let mut chosen: Vec<usize> = Vec::new();
    for be in &sweep.break_evens {
        for id in [&be.a, &be.b] {
            if let Some(i) = sweep.option_ids.iter().position(|o| o == id)
                && !chosen.contains(&i)
                && chosen.len() < limit
                && ranked.iter().any(|(r, _)| *r == i)
            {
                chosen.push(i);
            }
        }
    }
    for (i, _) in ranked {
        if chosen.len() >= limit {
            break;
        }
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    chosen.sort_by_key(|i| at_one.get(*i).copied().flatten().unwrap_or(Decimal::MAX));
    chosen
}

/// Monthly cost of the leading options as traffic scales, on log axes, with the break-even
/// points marked and labelled.
pub fn scale_chart(sweep: &Sweep, labels: &dyn Fn(&str) -> String) -> Chart {
    let leading = leading_options(sweep, 5);
    let mut chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(
            Grid::new()
                .left(8)
                .right(64)
                .top(64)
                .bottom(24)
                .contain_label(true),
        )
        .x_axis(
            Axis::new()
                .type_(AxisType::Log)
                .name("traffic ×")
                .min(0.1)
                .max(100),
        )
        .y_axis(Axis::new().type_(AxisType::Log).name("$ / month"));
    let mut legend: Vec<String> = Vec::new();
    for (n, &i) in leading.iter().enumerate() {
        let id = &sweep.option_ids[i];
        let colour = PALETTE[n % PALETTE.len()];
        let name = short_label(&labels(id));
        legend.push(name.clone());
        // With ranges, dashed lines in the option's colour trace its p5 and p95 (on the
        // points the engine sampled).
        for (edge, value) in [
            ("p5", (|b| b.p5) as fn(&Band) -> Decimal),
            ("p95", |b| b.p95),
        ] {
            let data: Vec<Vec<f64>> = sweep
                .points
                .iter()
                .filter_map(|p| {
                    let band = p.bands.as_ref()?.get(id)?;
                    Some(vec![
                        to_f64(p.multiplier),
                        (to_f64(value(band)) * 100.0).round() / 100.0,
                    ])
                })
                .collect();
            if !data.is_empty() {
                chart = chart.series(
                    Line::new()
                        .name(format!("{name} {edge}"))
                        .show_symbol(false)
                        .line_style(
                            LineStyle::new()
                                .color(colour)
                                .width(1)
                                .type_(LineStyleType::Dashed),
                        )
                        .item_style(ItemStyle::new().color(colour))
                        .data(data),
                );
            }
        }
        let data: Vec<Vec<f64>> = sweep
            .points
            .iter()
            .filter_map(|p| {
                let m = p.monthly.get(i).copied().flatten()?;
                Some(vec![
                    to_f64(p.multiplier),
                    (to_f64(m) * 100.0).round() / 100.0,
                ])
            })
            .collect();
        let mut line = Line::new()
            .name(name)
            .show_symbol(false)
            .line_style(LineStyle::new().color(colour))
            .item_style(ItemStyle::new().color(colour))
            .data(data);
        if n == 0 {
            let marks: Vec<MarkLineVariant> = sweep
                .break_evens
                .iter()
                .filter(|b| {
                    [&b.a, &b.b]
                        .iter()
                        .all(|id| leading.iter().any(|&l| &sweep.option_ids[l] == *id))
                })
                .map(|b| {
                    MarkLineVariant::Simple(
                        MarkLineData::new()
                            .x_axis(to_f64(b.multiplier))
                            .name(format!("{}×", b.multiplier.round_dp(1).normalize())),
                    )
                })
                .collect();
            if !marks.is_empty() {
                line = line.mark_line(
                    MarkLine::new()
                        .label(
                            Label::new()
                                .show(true)
                                .formatter("{b}")
                                .position(LabelPosition::InsideEndTop),
                        )
                        .data(marks),
                );
            }
        }
        chart = chart.series(line);
    }
    chart.legend(Legend::new().top(0).data(legend))
}

/// One hour of the capacity chart.
#[derive(Clone, Debug, PartialEq)]
pub struct CapacityHour {
    /// Reads + writes per second in that hour.
    pub requests: f64,
    /// Serverless v2 ACUs (per instance).
    pub acu: Option<f64>,
    /// DynamoDB read capacity units set by auto scaling.
    pub auto_rcu: Option<f64>,
    /// DynamoDB read capacity provisioned for the peak.
    pub peak_rcu: Option<f64>,
}

/// The 24 hours: load, Serverless v2 ACUs, DynamoDB auto-scaled and peak-provisioned reads.
pub fn capacity_hours(estimate: &Estimate, target_percent: Decimal) -> Vec<CapacityHour> {
    let w = &estimate.workload;
    let reads = to_f64(w.average_reads_per_second);
    let writes = to_f64(w.average_writes_per_second);
    let shape: Vec<f64> = w.hourly_multipliers.iter().map(|m| to_f64(*m)).collect();
    let acus = estimate
        .options
        .iter()
        .find(|o| o.id == "aurora-serverless-v2")
        .and_then(model::serverless_acus);
    let units = estimate
        .options
        .iter()
        .find(|o| o.role == Role::Database && o.id.starts_with("dynamodb-"))
        .and_then(model::dynamodb_units);
    let auto: Option<[Decimal; 24]> = units.map(|(rru, _)| {
        let mut consumed = [Decimal::ZERO; 24];
        for (c, m) in consumed.iter_mut().zip(&w.hourly_multipliers) {
            let rru = Decimal::try_from(rru).unwrap_or_default();
            *c = w.average_reads_per_second * rru * *m;
        }
        engine::dynamodb::auto_scaled_capacity(&consumed, target_percent / Decimal::from(100))
    });
    let peak = auto.map(|a| a.iter().copied().max().unwrap_or_default());
    (0..24)
        .map(|h| CapacityHour {
            requests: ((reads + writes) * shape.get(h).copied().unwrap_or(1.0) * 10.0).round()
                / 10.0,
            acu: acus.as_ref().map(|a| a[h]),
            auto_rcu: auto.map(|a| to_f64(a[h])),
            peak_rcu: peak.map(to_f64),
        })
        .collect()
}

/// The 24-hour shape against Serverless v2 ACUs and DynamoDB capacity.
pub fn capacity_chart(hours: &[CapacityHour]) -> Chart {
    let labels: Vec<String> = (0..24).map(|h| format!("{h:02}:00")).collect();
    let mut chart = Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .legend(Legend::new().top(0))
        .grid(
            Grid::new()
                .left(28)
                .right(8)
                .top(64)
                .bottom(24)
                .contain_label(true),
        )
        .x_axis(Axis::new().type_(AxisType::Category).data(labels))
        .y_axis(Axis::new().type_(AxisType::Value).name("req/s, RCU"))
        .y_axis(Axis::new().type_(AxisType::Value).name("ACU"))
        .series(
            Bar::new()
                .name("Requests/s")
                .data(hours.iter().map(|h| h.requests).collect::<Vec<f64>>()),
        );
    if hours.iter().any(|h| h.auto_rcu.is_some()) {
        chart = chart
            .series(
                Line::new()
                    .name("DynamoDB RCU, auto scaling")
                    .step(charming::element::Step::End)
                    .data(
                        hours
                            .iter()
                            .map(|h| h.auto_rcu.unwrap_or(0.0))
                            .collect::<Vec<f64>>(),
                    ),
            )
            .series(
                Line::new()
                    .name("DynamoDB RCU, provisioned for peak")
                    .show_symbol(false)
                    .data(
                        hours
                            .iter()
                            .map(|h| h.peak_rcu.unwrap_or(0.0))
                            .collect::<Vec<f64>>(),
                    ),
            );
    }
    if hours.iter().any(|h| h.acu.is_some()) {
        chart = chart.series(
            Line::new()
                .name("Serverless v2 ACU")
                .y_axis_index(1)
                .step(charming::element::Step::End)
                .data(
                    hours
                        .iter()
                        .map(|h| h.acu.unwrap_or(0.0))
                        .collect::<Vec<f64>>(),
                ),
        );
    }
    chart
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_has_a_column() {
        assert_eq!(breakdown_column(Category::Storage), 1);
        assert_eq!(breakdown_column(Category::Io), 2);
        assert_eq!(breakdown_column(Category::Replication), 4);
    }
}
