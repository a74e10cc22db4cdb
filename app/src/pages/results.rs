//! The results of an estimate (banner, recommendation, comparison table, charts), rendered to
//! HTML on the server only.
//!
//! The calculator page holds this HTML as it came from the server: in the first response, and
//! after each edit from `GET /fragments/results`, which the browser inserts as it is. The
//! browser then only draws the charts from the option each container carries
//! (`data-echart`, see [`crate::components::chart`]) and expands rows on click. None of this
//! module's views, nor the engine's estimate types, are compiled into the page's WASM, which
//! is what keeps the bundle small (BENCHMARKS.md, "Browser bundle size").

use engine::{Estimate, OptionEstimate, Sweep};
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use serde_json::{Value, json};

use crate::api::{self, ApiError};
use crate::components::chart::EChart;
use crate::components::charts;
use crate::model::{self, Priced};
use crate::pages::calculator::ResultsFragment;
use crate::share;

/// Points of the cost-vs-scale sweep (0.1x to 100x on a log scale).
pub const SWEEP_POINTS: u32 = 13;

/// Prices `sparse` (the scenario as the address holds it: fields equal to the default left
/// out) with the table `pt` (the region's default when `None`) through the JSON API, and
/// renders the results. The error is the API's (an invalid field, an unknown table, a missing
/// price the table cannot supply). Needs the API client in context on the server.
pub async fn render(sparse: Value, pt: Option<String>) -> Result<ResultsFragment, ApiError> {
    let body = json!({ "scenario": sparse, "price_table_id": pt });
    let value: Value = api::post("/api/v1/estimate", &body).await?;
    let priced = Priced::from_api(value).map_err(ApiError::client)?;
    let sweep_body = json!({ "scenario": sparse, "price_table_id": pt, "points": SWEEP_POINTS });
    // Without a sweep the page still has the estimate; the scale chart is left out.
    let swept = api::post::<_, Value>("/api/v1/sweep", &sweep_body)
        .await
        .ok()
        .and_then(|v| serde_json::from_value::<Sweep>(v).ok());
    let offer = api::get::<Value>("/api/v1/price-tables")
        .await
        .ok()
        .and_then(|list| model::newer_default(&list, &priced.price_table))
        .map(|(id, name, effective)| {
            // The same address (`s`, `pt`), priced with the newer table.
            let empty = Value::Object(Default::default());
            let pairs: Vec<(String, String)> = (sparse != empty)
                .then(|| ("s".to_owned(), share::encode(&sparse, &empty)))
                .into_iter()
                .collect();
            NewerOffer {
                name,
                effective,
                href: model::with_price_table(&pairs, &id),
            }
        });
    let target = dynamodb_target(&sparse);
    let price_table_id = priced.price_table.id.clone();
    let html = Owner::new().with(|| view! { <Results priced swept offer target /> }.to_html());
    Ok(ResultsFragment {
        html,
        price_table_id,
    })
}

/// The results for one estimate: banner, recommendation, comparison, charts.
#[component]
pub fn Results(
    priced: Priced,
    swept: Option<Sweep>,
    offer: Option<NewerOffer>,
    target: rust_decimal::Decimal,
) -> impl IntoView {
    let table = priced.price_table.clone();
    let estimate = priced.estimate.clone();
    let labels: Vec<(String, String)> = estimate
        .options
        .iter()
        .map(|o| (o.id.to_string(), o.label.to_string()))
        .collect();
    view! {
        <StaleBanner table=table.clone() />
        {offer.map(|offer| view! { <NewerTableOffer offer region=table.region.clone() /> })}
        <p class="price-version" data-testid="price-version">
            "Priced with " <strong>{table.name.clone()}</strong> " (" <code>{table.id.clone()}</code>
            "), " {table.region.clone()} ", effective " {table.effective_date.clone()} "."
        </p>
        {estimate
            .warnings
            .iter()
            .map(|w| view! { <p class="notice warning">{w.clone()}</p> })
            .collect_view()}
        <Recommendation estimate=estimate.clone() />
        <Comparison estimate=estimate.clone() />
        <Charts estimate swept labels target />
    }
}

/// A newer default table than the one that priced the page: its id, name, effective date,
/// and the same address with `pt` replaced.
#[derive(Clone, Debug)]
pub struct NewerOffer {
    /// The newer table's name.
    pub name: String,
    /// Its effective date.
    pub effective: String,
    /// The page's address priced with it.
    pub href: String,
}

/// When the page is pinned (by its link's `pt=`) to a table that is no longer its region's
/// default, and the default is at least as new, offers to re-price with the default: the same
/// address with `pt` replaced.
#[component]
fn NewerTableOffer(offer: NewerOffer, region: String) -> impl IntoView {
    let NewerOffer {
        name,
        effective,
        href,
    } = offer;
    view! {
        <p class="notice" data-testid="reprice">
            "A newer price table is the default for " {region} ": " <strong>{name}</strong>
            ", effective " {effective} ". " <a href=href data-testid="reprice-link">"Re-price with it"</a>
        </p>
    }
}

/// The stale-price warning, when the table is older than the server's limit.
#[component]
pub fn StaleBanner(table: model::PriceTableRef) -> impl IntoView {
    model::stale_warning(&table).map(|sentence| {
        view! {
            <div class="notice stale" role="alert" data-testid="stale-price-warning">
                <strong>{sentence}</strong>
                " "
                <a href="/prices">"Import a newer snapshot"</a>
                " for current AWS prices."
            </div>
        }
    })
}

#[component]
fn Recommendation(estimate: Estimate) -> impl IntoView {
    let Some(rec) = estimate.recommendation.clone() else {
        return view! {
            <section class="card recommendation none" data-testid="recommendation">
                {view! { <h2>"No option meets every need"</h2> }.add_any_attr(results_painted())}
                <p>"Every priced option fails at least one need; the table below says which."</p>
            </section>
        }
        .into_any();
    };
    let label = |id: &str| {
        estimate
            .options
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.label.to_string())
            .unwrap_or_else(|| id.to_owned())
    };
    let name = label(&rec.option_id);
    let runner_up = rec.runner_up.as_deref().map(label);
    let cache = rec.cache_option_id.as_deref().map(label);
    let least_regret = estimate
        .uncertainty
        .as_ref()
        .and_then(|u| u.least_regret.as_ref())
        .filter(|l| l.option_id == rec.option_id);
    let eyebrow = if least_regret.is_some() {
        "Recommended: the least-regret option across the ranges"
    } else {
        "Recommended: the cheapest option that meets every need"
    };
    // Always rendered, hidden without ranges, and never an empty text: an optional node or
    // an empty text between static siblings upsets hydration.
    let no_sentence = least_regret.is_none();
    let sentence = least_regret
        .map(|l| l.sentence.clone())
        .unwrap_or_else(|| "Single values: no least-regret analysis.".to_owned());
    view! {
        <section class="card recommendation" data-testid="recommendation" data-option-id=rec.option_id.clone()>
            <p class="eyebrow">{eyebrow}</p>
            <h2>
                {view! { <span data-testid="recommended-label">{name}</span> }
                    .add_any_attr(results_painted())}
                <span class="amount" data-testid="recommended-monthly">
                    {model::money(rec.monthly)}
                    <small>" / month"</small>
                </span>
            </h2>
            <p class="least-regret" data-testid="least-regret" hidden=no_sentence>{sentence.clone()}</p>
            <ul class="reasons">
                {rec
                    .reasons
                    .iter()
                    .filter(|r| no_sentence || **r != sentence)
                    .map(|r| view! { <li>{r.clone()}</li> })
                    .collect_view()}
            </ul>
            {cache.map(|c| view! { <p>"With a cache in front: " {c} "."</p> })}
            {runner_up.map(|r| view! { <p class="runner-up">"Runner-up: " {r} "."</p> })}
        </section>
    }
    .into_any()
}

#[component]
fn Comparison(estimate: Estimate) -> impl IntoView {
    let recommended = estimate
        .recommendation
        .as_ref()
        .map(|r| r.option_id.clone())
        .unwrap_or_default();
    let bands = estimate.uncertainty.as_ref();
    let banded = bands.is_some();
    let rows = model::sorted_options(&estimate)
        .into_iter()
        .map(|option| {
            let band = bands.map(|u| u.options.iter().find(|b| b.id == option.id).cloned());
            view! {
                <OptionRows
                    option=option.clone()
                    recommended=option.id == recommended
                    band
                />
            }
        })
        .collect_view();
    let band_caption = bands.map(|u| {
        format!(
            "Ranges: {} sampled workloads (seed {}) over {}; the band is the 5th to 95th percentile of the monthly cost, each option sized once for the likely workload.",
            u.samples,
            u.seed,
            u.ranged_fields.join(", ")
        )
    });
    view! {
        <section class="card comparison">
            <h2>"Every option"</h2>
            <div class="table-scroll">
                <table data-testid="comparison-table">
                    <caption class="visually-hidden">
                        "Every option: monthly cost, upfront, total cost of ownership, fit and warnings"
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">"Option"</th>
                            <th scope="col" class="num">"Monthly"</th>
                            <th scope="col" class="num" hidden=!banded>"Range p5 to p95"</th>
                            <th scope="col" class="num">"Upfront"</th>
                            <th scope="col" class="num">"12-month TCO"</th>
                            <th scope="col" class="num">"36-month TCO"</th>
                            <th scope="col">"Fit"</th>
                            <th scope="col">"Warnings"</th>
                        </tr>
                    </thead>
                    {rows}
                </table>
            </div>
            <p class="band-caption" data-testid="band-caption" hidden=band_caption.is_none()>{band_caption.clone().unwrap_or_else(|| "No ranges.".to_owned())}</p>
        </section>
    }
}

/// An option's row and, below it, its sizing and line items (hidden until the row's button
/// expands it: the calculator's click handler, in the browser).
#[component]
fn OptionRows(
    option: OptionEstimate,
    recommended: bool,
    /// With ranges: the table has a band column, and this is the option's band (none when
    /// the engine could not band it).
    band: Option<Option<engine::OptionBand>>,
) -> impl IntoView {
    let id = option.id.to_string();
    let banded = band.is_some();
    let band_cell = {
        let band = band.flatten();
        let monthly = band.as_ref().and_then(|b| b.monthly);
        let fails = band
            .as_ref()
            .filter(|b| !b.fail_percent.is_zero())
            .map(|b| {
                let needs: Vec<String> = b
                    .failures
                    .iter()
                    .map(|f| format!("{} ({} %)", f.need, f.percent.round_dp(1).normalize()))
                    .collect();
                (
                    format!(
                        "fails in {} % of cases",
                        b.fail_percent.round_dp(1).normalize()
                    ),
                    needs.join("; "),
                )
            });
        view! {
            <td
                class="num band"
                hidden=!banded
                data-testid="option-band"
                data-p5=monthly.as_ref().map(|b| b.p5.to_string()).unwrap_or_default()
                data-p50=monthly.as_ref().map(|b| b.p50.to_string()).unwrap_or_default()
                data-p95=monthly.as_ref().map(|b| b.p95.to_string()).unwrap_or_default()
            >
                {match &monthly {
                    Some(b) => format!("{} to {}", model::money(b.p5), model::money(b.p95)),
                    None => "-".to_owned(),
                }}
                <span class="band-fails" title=fails.as_ref().map(|f| f.1.clone()) hidden=fails.is_none()>
                    {fails.as_ref().map(|f| f.0.clone()).unwrap_or_else(|| "never fails".to_owned())}
                </span>
            </td>
        }
    };
    let detail_id = format!("detail-{id}");
    let amount =
        |d: Option<rust_decimal::Decimal>| d.map(model::money).unwrap_or_else(|| "-".into());
    let monthly_value = option.monthly.map(|m| m.to_string()).unwrap_or_default();
    let fit = model::fit_summary(&option);
    let meets = option.meets_all_needs;
    let missing = (!option.missing_prices.is_empty()).then(|| {
        view! {
            <div class="missing" data-testid="missing-prices">
                <strong>"Missing prices: "</strong>
                <ul>
                    {option
                        .missing_prices
                        .iter()
                        .map(|m| view! { <li><code>{format!("{}.{}", m.family, m.dimension)}</code> " for " {m.key.clone()}</li> })
                        .collect_view()}
                </ul>
                "This option has no total until the price table has these prices."
            </div>
        }
    });
    let item_sum = model::line_item_sum(&option);
    let row_class = if recommended {
        "option recommended"
    } else {
        "option"
    };
    view! {
        <tbody class="option-group">
            <tr class=row_class data-testid="option-row" data-option-id=id.clone()>
                <th scope="row">
                    <button
                        type="button"
                        class="expand"
                        data-testid="expand-option"
                        aria-expanded="false"
                        aria-controls=detail_id.clone()
                    >
                        <span class="chevron" aria-hidden="true"></span>
                        {option.label.to_string()}
                    </button>
                    {recommended.then(|| view! { <span class="badge good">"recommended"</span> })}
                    {(option.role == engine::Role::Cache).then(|| view! { <span class="badge">"cache"</span> })}
                </th>
                <td class="num" data-testid="option-monthly" data-value=monthly_value>
                    {option.monthly.map(model::money).unwrap_or_else(|| "Not priced".into())}
                </td>
                {band_cell}
                <td class="num">{amount(option.upfront)}</td>
                <td class="num">{amount(option.tco_12_months)}</td>
                <td class="num">{amount(option.tco_36_months)}</td>
                <td class=if meets { "fit ok" } else { "fit fails" }>{fit}</td>
                <td class="warnings">
                    {missing}
                    {option.warnings.iter().map(|w| view! { <p>{w.clone()}</p> }).collect_view()}
                </td>
            </tr>
            <tr class="detail" id=detail_id hidden data-testid="option-detail">
                <td colspan="8">
                    <div class="detail-grid">
                        <div>
                            <h3>"Sizing"</h3>
                            <dl class="sizing">
                                {option
                                    .sizing
                                    .iter()
                                    .map(|s| {
                                        view! {
                                            <dt>{s.item.to_string()}</dt>
                                            <dd><strong>{s.choice.to_string()}</strong> " - " {s.reason.to_string()}</dd>
                                        }
                                    })
                                    .collect_view()}
                            </dl>
                            <h3>"Fit"</h3>
                            <ul class="fit-notes">
                                {option
                                    .fit
                                    .iter()
                                    .map(|n| {
                                        view! {
                                            <li class=if n.meets { "ok" } else { "fails" }>
                                                {if n.meets { "Meets " } else { "Fails " }}
                                                <strong>{n.need.to_string()}</strong> ": " {n.note.to_string()}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                        <div>
                            <h3>"Line items, per month"</h3>
                            <LineItems items=option.line_items.clone() total=Some(item_sum) testid="line-items" />
                            {(!option.upfront_items.is_empty()).then(|| view! {
                                <h3>"Upfront"</h3>
                                <LineItems items=option.upfront_items.clone() total=option.upfront testid="upfront-items" />
                            })}
                        </div>
                    </div>
                </td>
            </tr>
        </tbody>
    }
    .into_any()
}

#[component]
fn LineItems(
    items: Vec<engine::LineItem>,
    total: Option<rust_decimal::Decimal>,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="line-items" data-testid=testid>
                <thead>
                    <tr>
                        <th scope="col">"Dimension"</th>
                        <th scope="col" class="num">"Quantity"</th>
                        <th scope="col">"Unit"</th>
                        <th scope="col" class="num">"Unit price"</th>
                        <th scope="col" class="num">"Cost"</th>
                    </tr>
                </thead>
                <tbody>
                    {items
                        .into_iter()
                        .map(|item| {
                            view! {
                                <tr data-testid="line-item" data-cost=item.cost.to_string()>
                                    <th scope="row">{item.dimension.to_string()}</th>
                                    <td class="num">{model::quantity(item.quantity)}</td>
                                    <td>{item.unit.to_string()}</td>
                                    <td class="num">{model::unit_price(item.unit_price)}</td>
                                    <td class="num">{model::money(item.cost)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
                {total.map(|t| view! {
                    <tfoot>
                        <tr>
                            <th scope="row" colspan="4">"Total"</th>
                            <td class="num">{model::money(t)}</td>
                        </tr>
                    </tfoot>
                })}
            </table>
        </div>
    }
}

/// The three charts, each with its data table.
#[component]
fn Charts(
    estimate: Estimate,
    swept: Option<Sweep>,
    labels: Vec<(String, String)>,
    target: rust_decimal::Decimal,
) -> impl IntoView {
    let label_of = move |id: &str| {
        labels
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| id.to_owned())
    };
    // Breakdown.
    let breakdown = charts::breakdown_chart(&estimate);
    let breakdown_height = charts::breakdown_height(charts::breakdown_options(&estimate).len());
    let banded = estimate.uncertainty.is_some();
    let breakdown_rows = charts::breakdown_options(&estimate)
        .into_iter()
        .map(|o| {
            let split = charts::breakdown(o);
            let band = {
                let cell = |value: Option<rust_decimal::Decimal>| {
                    view! { <td class="num" hidden=!banded>{value.map(model::money).unwrap_or_else(|| "-".into())}</td> }
                };
                let band = charts::monthly_band(&estimate, &o.id);
                (cell(band.map(|b| b.p5)), cell(band.map(|b| b.p50)), cell(band.map(|b| b.p95)))
            };
            view! {
                <tr>
                    <th scope="row">{o.label.to_string()}</th>
                    {split.iter().map(|v| view! { <td class="num">{model::money(*v)}</td> }).collect_view()}
                    <td class="num">{o.monthly.map(model::money)}</td>
                    {band}
                </tr>
            }
        })
        .collect_view();
    // Capacity.
    let hours = charts::capacity_hours(&estimate, target);
    let capacity = charts::capacity_chart(&hours);
    let fmt = |v: Option<f64>| v.map(|v| format!("{v}")).unwrap_or_else(|| "-".into());
    let capacity_rows = hours
        .iter()
        .enumerate()
        .map(|(h, c)| {
            view! {
                <tr>
                    <th scope="row">{format!("{h:02}:00")}</th>
                    <td class="num">{format!("{}", c.requests)}</td>
                    <td class="num">{fmt(c.acu)}</td>
                    <td class="num">{fmt(c.auto_rcu)}</td>
                    <td class="num">{fmt(c.peak_rcu)}</td>
                </tr>
            }
        })
        .collect_view();
    // Scale.
    let scale = swept.map(|sweep| {
        let has_bands = sweep.points.iter().any(|p| p.bands.is_some());
        let chart = charts::scale_chart(&sweep, &label_of);
        let leading = charts::leading_options(&sweep, 5);
        let heads = leading
            .iter()
            .map(|&i| view! { <th scope="col" class="num">{label_of(&sweep.option_ids[i])}</th> })
            .collect_view();
        let rows = sweep
            .points
            .iter()
            .map(|p| {
                view! {
                    <tr>
                        <th scope="row">{format!("{}×", p.multiplier.normalize())}</th>
                        {leading
                            .iter()
                            .map(|&i| view! { <td class="num">{p.monthly.get(i).copied().flatten().map(model::money).unwrap_or_else(|| "-".into())}</td> })
                            .collect_view()}
                    </tr>
                }
            })
            .collect_view();
        let break_evens = sweep
            .break_evens
            .iter()
            .map(|b| {
                view! {
                    <li data-testid="break-even">
                        {label_of(&b.cheaper_below)} " is cheaper below " <strong>{format!("{}×", b.multiplier.round_dp(2).normalize())}</strong>
                        " the current traffic; " {label_of(&b.cheaper_above)} " above it."
                    </li>
                }
            })
            .collect_view();
        view! {
            <figure class="card chart-card">
                <figcaption>
                    <h2>"Cost as traffic scales"</h2>
                    <p class="hint">
                        "Monthly cost of the leading options from 0.1× to 100× today's traffic (log scales), break-even points marked."
                        <span hidden=!has_bands>" Dashed: each option's 5th and 95th percentile over the ranges."</span>
                    </p>
                </figcaption>
                <EChart id="chart-scale" testid="chart-scale" label="Monthly cost of the leading options as traffic scales" option=chart />
                <ul class="break-evens">{break_evens}</ul>
                <details class="chart-table">
                    <summary>"Data table"</summary>
                    <div class="table-scroll">
                        <table>
                            <thead><tr><th scope="col">"Traffic"</th>{heads}</tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </details>
            </figure>
        }
    });
    view! {
        <div class="charts">
            <figure class="card chart-card">
                <figcaption>
                    <h2>"Where the money goes"</h2>
                    <p class="hint">
                        "Monthly cost of each priced option by kind of charge."
                        <span hidden=!banded>" Markers: the 5th percentile, median and 95th percentile of the monthly cost over the ranges."</span>
                    </p>
                </figcaption>
                <EChart id="chart-breakdown" testid="chart-breakdown" label="Monthly cost per option, stacked by kind of charge" option=breakdown
                    height=breakdown_height />
                <details class="chart-table">
                    <summary>"Data table"</summary>
                    <div class="table-scroll">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">"Option"</th>
                                    {charts::BREAKDOWN.iter().map(|c| view! { <th scope="col" class="num">{*c}</th> }).collect_view()}
                                    <th scope="col" class="num">"Monthly"</th>
                                    <th scope="col" class="num" hidden=!banded>"p5"</th>
                                    <th scope="col" class="num" hidden=!banded>"p50"</th>
                                    <th scope="col" class="num" hidden=!banded>"p95"</th>
                                </tr>
                            </thead>
                            <tbody>{breakdown_rows}</tbody>
                        </table>
                    </div>
                </details>
            </figure>
            {scale}
            <figure class="card chart-card">
                <figcaption>
                    <h2>"Capacity over the day"</h2>
                    <p class="hint">"The 24-hour load against Serverless v2 ACUs and DynamoDB read capacity, auto-scaled and provisioned for the peak."</p>
                </figcaption>
                <EChart id="chart-capacity" testid="chart-capacity" label="Hourly load, Serverless v2 ACUs and DynamoDB capacity over a day" option=capacity />
                <details class="chart-table">
                    <summary>"Data table"</summary>
                    <div class="table-scroll">
                        <table>
                            <thead>
                                <tr>
                                    <th scope="col">"Hour"</th>
                                    <th scope="col" class="num">"Requests/s"</th>
                                    <th scope="col" class="num">"Serverless v2 ACU"</th>
                                    <th scope="col" class="num">"DynamoDB RCU, auto"</th>
                                    <th scope="col" class="num">"DynamoDB RCU, peak"</th>
                                </tr>
                            </thead>
                            <tbody>{capacity_rows}</tbody>
                        </table>
                    </div>
                </details>
            </figure>
        </div>
    }
    .into_any()
}

/// The DynamoDB auto scaling target of a (sparse) scenario, percent: its own, else the
/// default 70.
pub fn dynamodb_target(sparse: &Value) -> rust_decimal::Decimal {
    model::get_path(sparse, "assumptions.dynamodb_target_utilization_percent")
        .and_then(Value::as_str)
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| {
            engine::Scenario::default()
                .assumptions
                .dynamodb_target_utilization_percent
        })
}

/// The JSON export (`GET /export/estimate.json`): the estimate and the price table it used.
pub fn export_json(priced: &Priced) -> String {
    serde_json::to_string_pretty(&json!({
        "price_table": priced.price_table,
        "estimate": priced.estimate,
    }))
    .unwrap_or_default()
}

/// `elementtiming="results"`: the browser records when the element's text is first painted
/// (the Element Timing API); the page-load benchmark reads it as "results painted".
fn results_painted() -> impl leptos::tachys::html::attribute::Attribute {
    leptos::tachys::html::attribute::custom::custom_attribute("elementtiming", "results")
}
