//! The home page: what dbcost does, and the daily traffic shape explorer (the first
//! interactive piece of the calculator).

use charming::{
    Chart,
    component::{Axis, Grid},
    element::{AxisType, Color, ItemStyle, Tooltip, Trigger},
    series::Bar,
};
use leptos::prelude::*;

use crate::components::chart::EChart;
use crate::shapes::TrafficShape;

/// The traffic-shape presets, provided by the server.
#[server(prefix = "/app-fn")]
pub async fn traffic_presets() -> Result<Vec<TrafficShape>, ServerFnError> {
    Ok(crate::shapes::presets())
}

/// `/`: introduction and the traffic shape explorer.
#[component]
pub fn HomePage() -> impl IntoView {
    let presets = Resource::new(|| (), |_| traffic_presets());
    view! {
        <section class="hero">
            <h1>"Price AWS databases from your workload"</h1>
            <p class="lede">
                "Describe data size, traffic and availability needs; dbcost sizes RDS, Aurora, "
                "Aurora Serverless v2, DynamoDB and ElastiCache for it and prices every option "
                "from a price table you control."
            </p>
        </section>
        <Suspense fallback=|| view! { <p class="loading">"Loading traffic shapes..."</p> }>
            {move || Suspend::new(async move {
                match presets.await {
                    Ok(presets) if !presets.is_empty() => {
                        view! { <ShapeExplorer presets /> }.into_any()
                    }
                    Ok(_) => view! { <p class="error">"The server sent no traffic shapes."</p> }.into_any(),
                    Err(error) => {
                        view! {
                            <p class="error" role="alert">
                                "Could not load traffic shapes: " {error.to_string()}
                                ". Reload the page; if it persists, check the server log."
                            </p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Pick a daily shape and an average rate; see the load hour by hour.
#[component]
fn ShapeExplorer(presets: Vec<TrafficShape>) -> impl IntoView {
    let presets = StoredValue::new(presets);
    let shape_id = RwSignal::new(presets.with_value(|p| p[1.min(p.len() - 1)].id.clone()));
    let average = RwSignal::new(500.0_f64);
    let shape = Memo::new(move |_| {
        let id = shape_id.get();
        presets.with_value(|p| p.iter().find(|s| s.id == id).unwrap_or(&p[0]).clone())
    });
    let summary = Signal::derive(move || peak_summary(&shape.get(), average.get()));
    let chart = Signal::derive(move || hourly_chart(&shape.get(), average.get()));
    let rows = move || {
        let shape = shape.get();
        shape
            .hourly_rates(average.get())
            .into_iter()
            .zip(0u32..)
            .map(|(rate, hour)| {
                view! {
                    <tr>
                        <th scope="row">{format!("{hour:02}:00")}</th>
                        <td>{format_rate(rate)}</td>
                    </tr>
                }
            })
            .collect_view()
    };

    view! {
        <section class="card explorer" aria-labelledby="explorer-title">
            <h2 id="explorer-title">"Daily traffic shape"</h2>
            <p class="hint">
                "Most workloads are not flat. The shape decides what provisioned capacity must "
                "cover at peak and what on-demand and serverless options bill hour by hour."
            </p>
            <div class="controls">
                <label class="field">
                    <span class="label">"Shape"</span>
                    <select
                        data-testid="shape-select"
                        prop:value=move || shape_id.get()
                        on:change=move |ev| shape_id.set(event_target_value(&ev))
                    >
                        {presets
                            .with_value(|p| {
                                p.iter()
                                    .map(|s| {
                                        let id = s.id.clone();
                                        let selected = move || shape_id.get() == id;
                                        view! {
                                            <option value=s.id.clone() selected=selected>
                                                {s.label.clone()}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            })}
                    </select>
                </label>
                <label class="field">
                    <span class="label">"Average requests (per second)"</span>
                    <input
                        type="number"
                        min="0"
                        step="any"
                        data-testid="average-input"
                        prop:value=move || average.get().to_string()
                        on:input=move |ev| {
                            if let Some(value) = parse_rate(&event_target_value(&ev)) {
                                average.set(value);
                            }
                        }
                    />
                </label>
            </div>
            <p class="summary" data-testid="shape-summary" aria-live="polite">
                {summary}
            </p>
            <div class="chart-with-table">
                <EChart
                    id="chart-traffic-shape"
                    testid="chart-traffic-shape"
                    label=summary
                    option=chart
                />
                <details class="chart-table">
                    <summary>"Data table"</summary>
                    <table>
                        <thead>
                            <tr>
                                <th scope="col">"Hour"</th>
                                <th scope="col">"Requests/s"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </details>
            </div>
        </section>
    }
}

/// One sentence describing the busiest hour, e.g.
/// "Peak 1,045 requests/s at 10:00, 2.09x the average."
pub fn peak_summary(shape: &TrafficShape, average: f64) -> String {
    let (hour, multiplier) = shape.peak();
    format!(
        "Peak {} requests/s at {hour:02}:00, {multiplier:.2}x the average.",
        format_rate(average * multiplier)
    )
}

/// A typed rate, when it is a finite, non-negative number.
pub fn parse_rate(text: &str) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
}

/// A rate rounded to a whole number with thousands separators.
pub fn format_rate(rate: f64) -> String {
    let whole = rate.round() as u64;
    let digits = whole.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The hourly load as a bar chart.
pub fn hourly_chart(shape: &TrafficShape, average: f64) -> Chart {
    let hours: Vec<String> = (0..24).map(|h| format!("{h:02}:00")).collect();
    let rates: Vec<f64> = shape
        .hourly_rates(average)
        .into_iter()
        .map(|r| (r * 10.0).round() / 10.0)
        .collect();
    Chart::new()
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(Grid::new().left(56).right(16).top(32).bottom(40))
        .x_axis(Axis::new().type_(AxisType::Category).data(hours))
        .y_axis(Axis::new().type_(AxisType::Value).name("requests/s"))
        .series(
            Bar::new()
                .name(shape.label.clone())
                .item_style(ItemStyle::new().color(Color::from("#2f6fde")))
                .data(rates),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_rate_groups_thousands() {
        for (rate, expected) in [
            (0.0, "0"),
            (999.4, "999"),
            (999.5, "1,000"),
            (1_234_567.0, "1,234,567"),
        ] {
            assert_eq!(format_rate(rate), expected, "{rate}");
        }
    }

    #[test]
    fn parse_rate_takes_only_finite_non_negative_numbers() {
        assert_eq!(parse_rate(" 12.5 "), Some(12.5));
        assert_eq!(parse_rate("0"), Some(0.0));
        for bad in ["", "-1", "NaN", "inf", "abc"] {
            assert_eq!(parse_rate(bad), None, "{bad}");
        }
    }

    #[test]
    fn summary_names_peak_hour_and_rate() {
        let shapes = crate::shapes::presets();
        // Business hours: peak multiplier 2.3 / 1.1 = 2.0909 at 10:00; 500 x 2.0909 = 1,045.45.
        assert_eq!(
            peak_summary(&shapes[1], 500.0),
            "Peak 1,045 requests/s at 10:00, 2.09x the average."
        );
    }
}
