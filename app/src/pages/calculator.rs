//! The calculator: the workload form on one side, the priced comparison and its charts on
//! the other. The address bar is the state: the form writes the scenario to the query string
//! (`?s=...&pt=...`, see [`crate::share`]) and reads it back, so reload, back, forward and
//! copy-paste all reproduce the same estimate; the server prices whatever the query says, so
//! the first HTML response already holds the results.

use std::collections::BTreeSet;
use std::time::Duration;

use engine::{Estimate, OptionEstimate, Sweep};
use leptos::prelude::*;
use leptos_router::{NavigateOptions, hooks::use_navigate, hooks::use_query_map};
use serde_json::{Value, json};

use crate::api::{self, ApiError};
use crate::components::chart::EChart;
use crate::components::charts;
use crate::model::{self, Field, Kind, Priced};
use crate::share;

/// How long typing must pause before the scenario is priced again.
pub const DEBOUNCE: Duration = Duration::from_millis(300);
/// Points of the cost-vs-scale sweep (0.1x to 100x on a log scale).
pub const SWEEP_POINTS: u32 = 13;

/// `/`: the calculator for the scenario in the query string (the default one without).
#[component]
pub fn CalculatorPage() -> impl IntoView {
    let query = use_query_map();
    let bad_link = Memo::new(move |_| {
        query.with(|q| {
            q.get("s")
                .and_then(|s| share::decode(&s).err().map(|e| e.to_string()))
        })
    });
    move || match bad_link.get() {
        Some(reason) => view! { <BadLink reason /> }.into_any(),
        None => view! { <Calculator base=json!({}) base_pt=None /> }.into_any(),
    }
}

/// The page for a share link that cannot be read (answered with status 400).
#[component]
pub fn BadLink(reason: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::BAD_REQUEST);
    }
    view! {
        <section class="card error-page" data-testid="bad-link" role="alert">
            <h1>"This link cannot be opened"</h1>
            <p>"The scenario in this address could not be read: " {reason} "."</p>
            <p>
                "The link may have been cut short when it was copied. Ask for it again, or "
                <a href="/">"start from the default scenario"</a> "."
            </p>
        </section>
    }
}

/// The key a computation depends on: the scenario as sent (sparse JSON) and the table.
type Key = (Value, Option<String>);

/// The calculator. `base` and `base_pt` are the scenario and price table used while the
/// query string holds none (a saved scenario's page passes its own).
#[component]
pub fn Calculator(base: Value, base_pt: Option<String>) -> impl IntoView {
    let query = use_query_map();
    let defaults = StoredValue::new(model::default_scenario());
    let base = StoredValue::new(base);
    let base_pt = StoredValue::new(base_pt);

    // What the address says: the sparse scenario and the price table.
    let committed = Memo::new(move |_| {
        query.with(|q| {
            let sparse = q
                .get("s")
                .and_then(|s| share::decode(&s).ok())
                .unwrap_or_else(|| base.get_value());
            let pt = q.get("pt").or_else(|| base_pt.get_value());
            (sparse, pt)
        })
    });
    // What the form shows: the full scenario, ahead of the address while the user types.
    let draft =
        RwSignal::new(defaults.with_value(|d| model::merge(d, &committed.get_untracked().0)));
    Effect::new(move |_| {
        let (sparse, _) = committed.get();
        let current = defaults
            .with_value(|d| share::without_defaults(&draft.get_untracked(), d))
            .unwrap_or_else(|| json!({}));
        if current != sparse {
            draft.set(defaults.with_value(|d| model::merge(d, &sparse)));
        }
    });

    // The latest answer, for the toolbar and the fields' messages (browser only).
    let shown = RwSignal::new(None::<Priced>);
    let api_error = RwSignal::new(None::<ApiError>);

    let navigate = use_navigate();
    let write_url = Callback::new(move |push: bool| {
        // The address names the price table the results came from, so the link prices the
        // same way later, even after the region's default changes.
        let pt = committed
            .with_untracked(|(_, pt)| pt.clone())
            .or_else(|| shown.with_untracked(|s| s.as_ref().map(|p| p.price_table.id.clone())));
        let query = defaults.with_value(|d| share::query(&draft.get_untracked(), d, pt.as_deref()));
        navigate(
            &format!("/?{query}"),
            NavigateOptions {
                replace: !push,
                scroll: false,
                ..Default::default()
            },
        );
    });
    let pending_edit = StoredValue::new(0u64);
    let on_edit = Callback::new(move |(path, value): (String, Value)| {
        draft.update(|d| model::set_path(d, &path, value));
        pending_edit.update_value(|n| *n += 1);
        let generation = pending_edit.get_value();
        set_timeout(
            move || {
                if pending_edit.get_value() == generation {
                    write_url.run(false);
                }
            },
            DEBOUNCE,
        );
    });
    let apply_preset = Callback::new(move |scenario: Value| {
        pending_edit.update_value(|n| *n += 1);
        draft.set(scenario);
        write_url.run(true);
    });

    let estimate = Resource::new(move || committed.get(), |key: Key| fetch_estimate(key));
    let sweep = Resource::new(move || committed.get(), |key: Key| fetch_sweep(key));

    Effect::new(move |_| match estimate.get() {
        Some(Ok(priced)) => {
            shown.set(Some(priced));
            api_error.set(None);
        }
        Some(Err(error)) => api_error.set(Some(error)),
        None => {}
    });

    let expanded = RwSignal::new(BTreeSet::<String>::new());
    let last_good = StoredValue::new(None::<(Priced, Option<Sweep>)>);
    let (pending, set_pending) = signal(false);
    let results = move || {
        Suspend::new(async move {
            let (priced, swept) = (estimate.await, sweep.await);
            let target = committed.with_untracked(|(sparse, _)| dynamodb_target(sparse));
            match priced {
                Ok(priced) => {
                    let swept = swept.ok();
                    last_good.set_value(Some((priced.clone(), swept.clone())));
                    view! { <Results priced swept error=None expanded target /> }.into_any()
                }
                Err(error) => match last_good.get_value() {
                    Some((priced, swept)) => {
                        view! { <Results priced swept error=Some(error) expanded target /> }
                            .into_any()
                    }
                    None => view! { <NotPriced error /> }.into_any(),
                },
            }
        })
    };

    view! {
        <div class="calculator">
            <form
                class="workload-form"
                data-testid="workload-form"
                aria-label="Workload"
                on:submit=move |ev| {
                    ev.prevent_default();
                    write_url.run(false);
                }
            >
                <a class="skip-results" href="#results">"Skip to the results"</a>
                <Presets draft apply_preset />
                {model::GROUPS
                    .iter()
                    .map(|group| view! { <FieldGroup group=*group draft on_edit api_error /> })
                    .collect_view()}
            </form>
            <section class="results" id="results" aria-label="Results" aria-busy=move || pending.get().to_string()>
                <Toolbar shown committed write_url draft defaults />
                <Transition
                    fallback=|| view! { <p class="loading">"Pricing the scenario..."</p> }
                    set_pending
                >
                    {results}
                </Transition>
            </section>
        </div>
    }
}

async fn fetch_estimate((scenario, pt): Key) -> Result<Priced, ApiError> {
    let body = json!({ "scenario": scenario, "price_table_id": pt });
    let value: Value = api::post("/api/v1/estimate", &body).await?;
    Priced::from_api(value).map_err(ApiError::client)
}

async fn fetch_sweep((scenario, pt): Key) -> Result<Sweep, ApiError> {
    let body = json!({ "scenario": scenario, "price_table_id": pt, "points": SWEEP_POINTS });
    let value: Value = api::post("/api/v1/sweep", &body).await?;
    serde_json::from_value(value).map_err(|e| ApiError::client(e.to_string()))
}

/// The five example scenarios as buttons.
#[component]
fn Presets(draft: RwSignal<Value>, apply_preset: Callback<Value>) -> impl IntoView {
    view! {
        <fieldset class="presets">
            <legend>"Start from an example"</legend>
            <div class="preset-buttons">
                {model::PRESETS
                    .iter()
                    .map(|preset| {
                        let scenario = preset.scenario();
                        let active = {
                            let scenario = scenario.clone();
                            move || draft.with(|d| *d == scenario)
                        };
                        view! {
                            <button
                                type="button"
                                class="preset"
                                data-testid="preset"
                                data-preset=preset.id
                                aria-pressed=move || active().to_string()
                                on:click=move |_| apply_preset.run(scenario.clone())
                            >
                                {preset.label}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// One group of the form; the closed ones fold away.
#[component]
fn FieldGroup(
    group: model::Group,
    draft: RwSignal<Value>,
    on_edit: Callback<(String, Value)>,
    api_error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let has_error = move || {
        api_error.with(|e| {
            e.as_ref()
                .and_then(|e| e.field.as_deref())
                .is_some_and(|f| f.starts_with(&format!("scenario.{}.", group.id)))
        })
    };
    let fields = group
        .fields
        .iter()
        .map(|field| view! { <FieldInput field=*field draft on_edit api_error /> })
        .collect_view();
    // A folded group opens when the server names one of its fields; it never closes by
    // itself (the user may have opened it).
    let details = NodeRef::<leptos::html::Details>::new();
    Effect::new(move |_| {
        if has_error()
            && let Some(details) = details.get()
        {
            details.set_open(true);
        }
    });
    view! {
        <details class="group" open=group.open node_ref=details data-group=group.id>
            <summary>{group.title}</summary>
            <div class="fields">
                {fields}
                {(group.id == "traffic").then(|| view! { <ShapeEditor draft on_edit /> })}
            </div>
        </details>
    }
}

/// One labelled input, with the server's message for it when it is wrong.
#[component]
fn FieldInput(
    field: Field,
    draft: RwSignal<Value>,
    on_edit: Callback<(String, Value)>,
    api_error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let id = model::input_id(field.path);
    let error_id = format!("{id}-error");
    let text = move || draft.with(|d| model::display_text(model::get_path(d, field.path)));
    // The server names the field, or one part of a range (`scenario.<path>.high`).
    let message = move || {
        api_error.with(|e| {
            e.as_ref()
                .filter(|e| {
                    e.field.as_deref().is_some_and(|f| {
                        f.strip_prefix("scenario.")
                            .and_then(|f| f.strip_prefix(field.path))
                            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
                    })
                })
                .map(|e| field_message(&e.message))
        })
    };
    let invalid = move || message().is_some().to_string();
    let edit = move |value: Value| on_edit.run((field.path.to_owned(), value));
    let input = match field.kind {
        Kind::Bool => view! {
            <input
                type="checkbox"
                id=id.clone()
                name=field.path
                prop:checked=move || draft.with(|d| model::get_path(d, field.path) == Some(&Value::Bool(true)))
                on:change=move |ev| edit(Value::Bool(event_target_checked(&ev)))
            />
        }
        .into_any(),
        Kind::Choice(choices) | Kind::OptChoice(choices) => {
            let optional = matches!(field.kind, Kind::OptChoice(_));
            view! {
                <select
                    id=id.clone()
                    name=field.path
                    aria-invalid=invalid
                    aria-describedby=error_id.clone()
                    prop:value=text
                    on:change=move |ev| edit(model::field_value(field.kind, &event_target_value(&ev)))
                >
                    {optional.then(|| view! { <option value="">"Any (sized by dbcost)"</option> })}
                    {choices
                        .iter()
                        .map(|(value, label)| {
                            let selected = move || text() == *value;
                            view! { <option value=*value selected=selected>{*label}</option> }
                        })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
        Kind::Range => view! { <RangeInput field id=id.clone() draft on_edit invalid=Signal::derive(invalid) error_id=error_id.clone() /> }.into_any(),
        _ => {
            let numeric = !matches!(field.kind, Kind::OptText);
            view! {
                <input
                    type="text"
                    id=id.clone()
                    name=field.path
                    inputmode=if numeric { "decimal" } else { "text" }
                    autocomplete="off"
                    spellcheck="false"
                    placeholder=if matches!(field.kind, Kind::OptDecimal | Kind::OptInteger | Kind::OptText) { "auto" } else { "" }
                    aria-invalid=invalid
                    aria-describedby=error_id.clone()
                    prop:value=text
                    on:input=move |ev| edit(model::field_value(field.kind, &event_target_value(&ev)))
                />
            }
            .into_any()
        }
    };
    let class = if field.kind == Kind::Bool {
        "field check"
    } else {
        "field"
    };
    view! {
        <div class=class>
            <label for=id>{field.label}</label>
            {input}
            <p class="field-error" id=error_id data-testid="field-error" data-field=field.path>
                {message}
            </p>
        </div>
    }
}

/// A workload input that is one number or, switched with its "Range" button, a low / likely /
/// high range with a confidence (the engine then prices cost bands, issue #9). The main input
/// is the single value or the likely one, so switching keeps what was typed.
#[component]
fn RangeInput(
    field: Field,
    id: String,
    draft: RwSignal<Value>,
    on_edit: Callback<(String, Value)>,
    invalid: Signal<String>,
    error_id: String,
) -> impl IntoView {
    let value = move || draft.with(|d| model::get_path(d, field.path).cloned());
    let ranged = move || draft.with(|d| model::is_range(model::get_path(d, field.path)));
    let edit_part = move |part: &'static str, text: String| {
        let current = value();
        let new = if model::is_range(current.as_ref()) {
            model::set_range_part(current.as_ref(), part, &text)
        } else {
            model::field_value(Kind::Decimal, &text)
        };
        on_edit.run((field.path.to_owned(), new));
    };
    // Switching only changes the form; the estimate follows the next edit of a bound (or of
    // the single value). A switch that repriced at once would start a slow ranged estimate
    // that the user's next edit overlaps, and overlapping answers can leave the results on
    // the earlier one (a known issue, see the issue notes).
    let toggle = move |_| {
        let current = value();
        let new = if model::is_range(current.as_ref()) {
            model::to_single(current.as_ref())
        } else {
            model::to_range(current.as_ref())
        };
        draft.update(|d| model::set_path(d, field.path, new));
    };
    let part_input = move |part: &'static str, input_id: String| {
        view! {
            <input
                type="text"
                id=input_id
                name=format!("{}.{part}", field.path)
                inputmode="decimal"
                autocomplete="off"
                spellcheck="false"
                aria-invalid=invalid
                aria-describedby=error_id.clone()
                prop:value=move || draft.with(|d| model::range_part(model::get_path(d, field.path), part))
                on:input=move |ev| edit_part(part, event_target_value(&ev))
            />
        }
    };
    let (low_id, high_id, confidence_id) = (
        format!("{id}-low"),
        format!("{id}-high"),
        format!("{id}-confidence"),
    );
    // The low/high inputs are always rendered (hidden for a single value), so the server's
    // HTML and the hydrated page have the same shape.
    view! {
        <div class="range-input">
            <div class="range-main">
                {part_input("likely", id)}
                <button
                    type="button"
                    class="range-toggle"
                    data-testid="range-toggle"
                    data-field=field.path
                    aria-pressed=move || ranged().to_string()
                    title="Give a low, likely and high value instead of one number"
                    on:click=toggle
                >
                    {move || if ranged() { "One value" } else { "Range" }}
                </button>
            </div>
            <div class="range-parts" data-testid="range-parts" data-field=field.path hidden=move || !ranged()>
                <label for=low_id.clone()>"Low"</label>
                {part_input("low", low_id.clone())}
                <label for=high_id.clone()>"High"</label>
                {part_input("high", high_id.clone())}
                <label class="visually-hidden" for=confidence_id.clone()>"Confidence"</label>
                <select
                    id=confidence_id
                    name=format!("{}.confidence", field.path)
                    prop:value=move || draft.with(|d| model::range_part(model::get_path(d, field.path), "confidence"))
                    on:change=move |ev| edit_part("confidence", event_target_value(&ev))
                >
                    {model::CONFIDENCES
                        .iter()
                        .map(|(value, label)| view! { <option value=*value>{*label}</option> })
                        .collect_view()}
                </select>
            </div>
        </div>
    }
}

/// The server's message without the field path it starts with (the label says which field).
pub fn field_message(message: &str) -> String {
    match message.split_once(": ") {
        Some((path, rest)) if path.starts_with("scenario") && !path.contains(' ') => {
            rest.to_owned()
        }
        _ => message.to_owned(),
    }
}

/// The daily traffic shape: a preset, or 24 hourly multipliers, drawn as small bars.
#[component]
fn ShapeEditor(draft: RwSignal<Value>, on_edit: Callback<(String, Value)>) -> impl IntoView {
    let hours = Memo::new(move |_| draft.with(shape_hours));
    let custom = move || {
        draft.with(|d| {
            model::get_path(d, "traffic.hourly_shape")
                .and_then(Value::as_array)
                .is_some_and(|a| !a.is_empty())
        })
    };
    let shape = move || draft.with(|d| model::display_text(model::get_path(d, "traffic.shape")));
    let set_hour = move |hour: usize, text: String| {
        let mut values: Vec<Value> = hours
            .get_untracked()
            .iter()
            .map(|m| Value::String(format!("{m}")))
            .collect();
        values[hour] = Value::String(text.trim().to_owned());
        on_edit.run(("traffic.hourly_shape".to_owned(), Value::Array(values)));
    };
    view! {
        <div class="field shape">
            <label for="f-traffic-shape">"Daily traffic shape"</label>
            <select
                id="f-traffic-shape"
                name="traffic.shape"
                prop:value=shape
                on:change=move |ev| {
                    on_edit.run(("traffic.hourly_shape".to_owned(), json!([])));
                    on_edit.run(("traffic.shape".to_owned(), Value::String(event_target_value(&ev))));
                }
            >
                {model::SHAPES
                    .iter()
                    .map(|(value, label)| {
                        let selected = move || shape() == *value;
                        view! { <option value=*value selected=selected>{*label}</option> }
                    })
                    .collect_view()}
            </select>
            <div class="shape-bars" aria-hidden="true">
                {move || {
                    let hours = hours.get();
                    let max = hours.iter().copied().fold(0.0_f64, f64::max).max(0.0001);
                    hours
                        .iter()
                        .map(|m| {
                            let height = format!("height: {:.0}%", (m / max * 100.0).max(2.0));
                            view! { <span style=height></span> }
                        })
                        .collect_view()
                }}
            </div>
            <details class="hours">
                <summary>
                    "Edit hour by hour"
                    {move || custom().then_some(" (custom shape in use)")}
                </summary>
                <p class="hint">"Multipliers of the average rate, 00:00 to 23:00 (their mean becomes 1)."</p>
                <div class="hour-grid">
                    {(0..24usize)
                        .map(|hour| {
                            let id = format!("f-hour-{hour}");
                            let value = move || hours.with(|h| format!("{}", h[hour]));
                            view! {
                                <label class="hour" for=format!("f-hour-{hour}")>
                                    <span>{format!("{hour:02}")}</span>
                                    <input
                                        type="text"
                                        inputmode="decimal"
                                        id=id
                                        aria-label=format!("Multiplier at {hour:02}:00")
                                        prop:value=value
                                        on:change=move |ev| set_hour(hour, event_target_value(&ev))
                                    />
                                </label>
                            }
                        })
                        .collect_view()}
                </div>
                <button
                    type="button"
                    class="link-button"
                    disabled=move || !custom()
                    on:click=move |_| on_edit.run(("traffic.hourly_shape".to_owned(), json!([])))
                >
                    "Use the preset shape again"
                </button>
            </details>
        </div>
    }
}

/// The 24 multipliers the form shows: the custom shape when set, else the preset's.
pub fn shape_hours(scenario: &Value) -> Vec<f64> {
    let traffic: engine::scenario::Traffic = model::get_path(scenario, "traffic")
        .and_then(|t| serde_json::from_value(t.clone()).ok())
        .unwrap_or_default();
    if traffic.hourly_shape.len() == 24 {
        return traffic
            .hourly_shape
            .iter()
            .map(|d| model::to_f64(*d))
            .collect();
    }
    traffic
        .hourly_multipliers()
        .iter()
        .map(|d| (model::to_f64(*d) * 100.0).round() / 100.0)
        .collect()
}

/// Share, save, export and print.
#[component]
fn Toolbar(
    shown: RwSignal<Option<Priced>>,
    committed: Memo<Key>,
    write_url: Callback<bool>,
    draft: RwSignal<Value>,
    defaults: StoredValue<Value>,
) -> impl IntoView {
    let shared = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<Result<String, String>>);
    let share = move |_| {
        write_url.run(false);
        let url = crate::browser::current_url();
        crate::browser::copy_to_clipboard(&url);
        shared.set(Some(url));
    };
    let save = Action::new_local(move |_: &()| {
        let scenario = defaults
            .with_value(|d| share::without_defaults(&draft.get_untracked(), d))
            .unwrap_or_else(|| json!({}));
        let pt = committed
            .with_untracked(|(_, pt)| pt.clone())
            .or_else(|| shown.with_untracked(|s| s.as_ref().map(|p| p.price_table.id.clone())));
        async move {
            let body = json!({ "scenario": scenario, "price_table_id": pt });
            let result: Result<Value, ApiError> = api::post("/api/v1/scenarios", &body).await;
            let outcome = result
                .map(|v| {
                    v.get("url")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                })
                .map_err(|e| e.message);
            saved.set(Some(outcome));
        }
    });
    let export = move |ev: leptos::ev::MouseEvent, csv: bool| {
        let Some(priced) = shown.get_untracked() else {
            ev.prevent_default();
            return;
        };
        let (content, mime) = if csv {
            (model::csv(&priced), "text/csv")
        } else {
            (export_json(&priced), "application/json")
        };
        if let Some(url) = crate::browser::data_url(&content, mime) {
            let anchor: Option<web_sys_anchor::Anchor> = web_sys_anchor::from_event(&ev);
            if let Some(anchor) = anchor {
                anchor.set_href(&url);
            }
        }
    };
    let absolute = move |path: &str| {
        let here = crate::browser::current_url();
        let origin = here.split('/').take(3).collect::<Vec<_>>().join("/");
        format!("{origin}{path}")
    };
    view! {
        <div class="toolbar" role="toolbar" aria-label="Share and export">
            <button type="button" data-testid="share-button" on:click=share>
                "Share"
            </button>
            <button
                type="button"
                data-testid="save-link"
                disabled=move || save.pending().get()
                on:click=move |_| {
                    save.dispatch(());
                }
            >
                "Save link"
            </button>
            <a
                class="button"
                data-testid="export-csv"
                href="#"
                download="dbcost-estimate.csv"
                on:click=move |ev| export(ev, true)
            >
                "Export CSV"
            </a>
            <a
                class="button"
                data-testid="export-json"
                href="#"
                download="dbcost-estimate.json"
                on:click=move |ev| export(ev, false)
            >
                "Export JSON"
            </a>
            <button type="button" on:click=move |_| crate::browser::print()>
                "Print"
            </button>
        </div>
        <div class="share-output" aria-live="polite">
            {move || {
                shared
                    .get()
                    .map(|url| {
                        view! {
                            <label class="field">
                                <span>"Link copied. This address reproduces the estimate:"</span>
                                <input type="text" readonly data-testid="share-url" prop:value=url />
                            </label>
                        }
                    })
            }}
            {move || {
                saved
                    .get()
                    .map(|outcome| match outcome {
                        Ok(path) => {
                            let href = absolute(&path);
                            view! {
                                <p>
                                    "Saved, pinned to its price version: "
                                    <a data-testid="saved-url" href=path.clone()>{href}</a>
                                </p>
                            }
                                .into_any()
                        }
                        Err(message) => {
                            view! { <p class="error" role="alert">"Could not save: " {message}</p> }
                                .into_any()
                        }
                    })
            }}
        </div>
    }
}

/// The export's JSON: the estimate and the price table it used.
pub fn export_json(priced: &Priced) -> String {
    serde_json::to_string_pretty(&json!({
        "price_table": priced.price_table,
        "estimate": priced.estimate,
    }))
    .unwrap_or_default()
}

/// Where the download link's `href` is set.
mod web_sys_anchor {
    /// The anchor element clicked.
    #[cfg(feature = "hydrate")]
    pub type Anchor = web_sys::HtmlAnchorElement;
    #[cfg(not(feature = "hydrate"))]
    pub struct Anchor;
    #[cfg(not(feature = "hydrate"))]
    impl Anchor {
        pub fn set_href(&self, _: &str) {}
    }

    /// The anchor the event happened on.
    pub fn from_event(ev: &leptos::ev::MouseEvent) -> Option<Anchor> {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            ev.current_target()?.dyn_into::<Anchor>().ok()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = ev;
            None
        }
    }
}

/// When not even a first estimate could be made.
#[component]
fn NotPriced(error: ApiError) -> impl IntoView {
    let hint = if error.field.is_some() {
        "Correct the highlighted field; the results appear as soon as the input is valid."
    } else if error.status == 404 {
        "The price table in this link is not on this server: import it on the Price tables page, or remove `pt=` from the address to use the default."
    } else {
        "Reload the page; if it persists, check the server log."
    };
    view! {
        <div class="notice error" role="alert" data-testid="estimate-error">
            <p><strong>"No estimate: "</strong>{error.message}</p>
            <p>{hint}</p>
        </div>
    }
}

/// The results for one estimate: banner, recommendation, comparison, charts.
#[component]
fn Results(
    priced: Priced,
    swept: Option<Sweep>,
    error: Option<ApiError>,
    expanded: RwSignal<BTreeSet<String>>,
    target: rust_decimal::Decimal,
) -> impl IntoView {
    let table = priced.price_table.clone();
    let estimate = priced.estimate.clone();
    let labels: Vec<(String, String)> = estimate
        .options
        .iter()
        .map(|o| (o.id.clone(), o.label.clone()))
        .collect();
    view! {
        {error
            .map(|e| {
                view! {
                    <div class="notice error" role="alert" data-testid="estimate-error">
                        <p>
                            <strong>"Not priced: "</strong>
                            {e.message}
                        </p>
                        <p>"The results below are for the last valid input."</p>
                    </div>
                }
            })}
        <StaleBanner table=table.clone() />
        <NewerTableOffer table=table.clone() />
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
        <Comparison estimate=estimate.clone() expanded />
        <Charts estimate swept labels target />
    }
    .into_any()
}

/// When the page is pinned (by its link's `pt=`) to a table that is no longer its region's
/// default, and the default is at least as new, offers to re-price with the default: the same
/// address with `pt` replaced.
#[component]
fn NewerTableOffer(table: model::PriceTableRef) -> impl IntoView {
    let query = use_query_map();
    let versions = Resource::new(
        || (),
        |_| async { api::get::<Value>("/api/v1/price-tables").await.ok() },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let table = table.clone();
                versions
                    .get()
                    .flatten()
                    .and_then(|list| model::newer_default(&list, &table))
                    .map(|(id, name, effective)| {
                        let pairs: Vec<(String, String)> = query.with(|q| {
                            ["s", "pt"]
                                .iter()
                                .filter_map(|k| q.get(k).map(|v| ((*k).to_owned(), v)))
                                .collect()
                        });
                        let href = model::with_price_table(&pairs, &id);
                        view! {
                            <p class="notice" data-testid="reprice">
                                "A newer price table is the default for " {table.region.clone()}
                                ": " <strong>{name}</strong> ", effective " {effective} ". "
                                <a href=href data-testid="reprice-link">"Re-price with it"</a>
                            </p>
                        }
                    })
            }}
        </Suspense>
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
                <h2>"No option meets every need"</h2>
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
            .map(|o| o.label.clone())
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
                <span data-testid="recommended-label">{name}</span>
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
fn Comparison(estimate: Estimate, expanded: RwSignal<BTreeSet<String>>) -> impl IntoView {
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
                    expanded
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

/// An option's row and, below it, its sizing and line items (shown when expanded).
#[component]
fn OptionRows(
    option: OptionEstimate,
    recommended: bool,
    expanded: RwSignal<BTreeSet<String>>,
    /// With ranges: the table has a band column, and this is the option's band (none when
    /// the engine could not band it).
    band: Option<Option<engine::OptionBand>>,
) -> impl IntoView {
    let id = option.id.clone();
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
    let is_open = {
        let id = id.clone();
        move || expanded.with(|e| e.contains(&id))
    };
    let toggle = {
        let id = id.clone();
        move |_| {
            expanded.update(|e| {
                if !e.remove(&id) {
                    e.insert(id.clone());
                }
            })
        }
    };
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
    let is_open_row = is_open.clone();
    let is_open_detail = is_open.clone();
    view! {
        <tbody class="option-group">
            <tr class=row_class data-testid="option-row" data-option-id=id.clone()>
                <th scope="row">
                    <button
                        type="button"
                        class="expand"
                        data-testid="expand-option"
                        aria-expanded=move || is_open_row().to_string()
                        aria-controls=detail_id.clone()
                        on:click=toggle
                    >
                        <span class="chevron" aria-hidden="true"></span>
                        {option.label.clone()}
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
            <tr class="detail" id=detail_id hidden=move || !is_open_detail() data-testid="option-detail">
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
                                            <dt>{s.item.clone()}</dt>
                                            <dd><strong>{s.choice.clone()}</strong> " - " {s.reason.clone()}</dd>
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
                                                <strong>{n.need.clone()}</strong> ": " {n.note.clone()}
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
                                    <th scope="row">{item.dimension}</th>
                                    <td class="num">{model::quantity(item.quantity)}</td>
                                    <td>{item.unit}</td>
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
    let breakdown = Signal::stored(charts::breakdown_chart(&estimate));
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
                    <th scope="row">{o.label.clone()}</th>
                    {split.iter().map(|v| view! { <td class="num">{model::money(*v)}</td> }).collect_view()}
                    <td class="num">{o.monthly.map(model::money)}</td>
                    {band}
                </tr>
            }
        })
        .collect_view();
    // Capacity.
    let hours = charts::capacity_hours(&estimate, target);
    let capacity = Signal::stored(charts::capacity_chart(&hours));
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
        let chart = Signal::stored(charts::scale_chart(&sweep, &label_of));
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
                <EChart id="chart-scale" testid="chart-scale" label=Signal::stored("Monthly cost of the leading options as traffic scales".to_owned()) option=chart />
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
                <EChart id="chart-breakdown" testid="chart-breakdown" label=Signal::stored("Monthly cost per option, stacked by kind of charge".to_owned()) option=breakdown
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
                <EChart id="chart-capacity" testid="chart-capacity" label=Signal::stored("Hourly load, Serverless v2 ACUs and DynamoDB capacity over a day".to_owned()) option=capacity />
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_messages_drop_the_leading_path() {
        assert_eq!(
            field_message("scenario.traffic.reads_per_second: expected a number >= 0, found -5"),
            "expected a number >= 0, found -5"
        );
        assert_eq!(field_message("plain message"), "plain message");
    }

    #[test]
    fn shape_hours_follow_the_preset_or_the_custom_shape() {
        let mut s = model::default_scenario();
        model::set_path(&mut s, "traffic.shape", json!("flat"));
        assert!(shape_hours(&s).iter().all(|h| (*h - 1.0).abs() < 1e-9));
        let custom: Vec<Value> = (0..24).map(|h| json!(h.to_string())).collect();
        model::set_path(&mut s, "traffic.hourly_shape", Value::Array(custom));
        assert_eq!(shape_hours(&s)[5], 5.0);
    }
}
