//! The calculator: the workload form on one side, the priced comparison and its charts on
//! the other. The address bar is the state: the form writes the scenario to the query string
//! (`?s=...&pt=...`, see [`crate::share`]) and reads it back, so reload, back, forward and
//! copy-paste all reproduce the same estimate; the server prices whatever the query says, so
//! the first HTML response already holds the results.
//!
//! The results themselves are HTML rendered on the server ([`super::results`]): in the first
//! response, then from `GET /fragments/results` after each edit. The browser inserts that HTML,
//! draws its charts and expands its rows; it never handles the estimate's data.

use std::collections::BTreeSet;
use std::time::Duration;

use leptos::either::{Either, EitherOf4};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::api::{self, ApiError};
use crate::model::{self, Field, Kind};
use crate::share;

/// How long typing must pause before the scenario is priced again.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// `GET /fragments/results`'s answer: the results as HTML and the price table that priced
/// them (the page writes its id into the address, so the link keeps pricing the same way).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsFragment {
    /// The results' HTML, to insert as it is.
    pub html: String,
    /// The id of the price table used, `pt-...`.
    pub price_table_id: String,
}

/// `/`: the calculator for the scenario in the query string (the default one without).
/// Rendered on the server only; the interactive part is the [`Calculator`] island.
#[component]
pub fn CalculatorPage() -> impl IntoView {
    let query = use_query_map();
    let (s, pt) = query.with_untracked(|q| (q.get("s"), q.get("pt")));
    match s.as_deref().map(share::decode) {
        Some(Err(error)) => Either::Left(view! { <BadLink reason=error.to_string() /> }),
        _ => Either::Right(view! { <PricedCalculator base=json!({}) base_pt=None s pt /> }),
    }
}

/// The calculator with the results for the address, rendered on the server: the results are
/// worked out before the island, outside it, so their HTML reaches the page once, as the
/// island's content, and not a second time as hydration data (it is about half the page).
#[component]
pub fn PricedCalculator(
    base: Value,
    base_pt: Option<String>,
    s: Option<String>,
    pt: Option<String>,
) -> impl IntoView {
    let key = key_of(s.as_deref(), pt, &base, base_pt.clone());
    let first = Resource::new(
        {
            let key = key.clone();
            move || key.clone()
        },
        fetch_results,
    );
    let props = StoredValue::new((base, base_pt, key));
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Pricing the scenario..."</p> }>
            {move || Suspend::new(async move {
                let first = FirstResults::from(first.await);
                let (base, base_pt, address) = props.get_value();
                view! { <Calculator base base_pt address first /> }
            })}
        </Suspense>
    }
}

/// The results the page was rendered with, as the [`Calculator`] island receives them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstResults {
    /// The results' HTML: rendered into the island on the server, never part of its props
    /// (the browser keeps the server's HTML when it hydrates).
    #[serde(skip)]
    pub html: Option<String>,
    /// Whether there were results (the browser does not get their HTML).
    pub priced: bool,
    /// The price table that priced them.
    pub price_table_id: Option<String>,
    /// Why the scenario could not be priced.
    pub error: Option<ApiError>,
}

impl From<Result<ResultsFragment, ApiError>> for FirstResults {
    fn from(answer: Result<ResultsFragment, ApiError>) -> Self {
        match answer {
            Ok(fragment) => Self {
                html: Some(fragment.html),
                priced: true,
                price_table_id: Some(fragment.price_table_id),
                error: None,
            },
            Err(error) => Self {
                error: Some(error),
                ..Self::default()
            },
        }
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

/// What an address's `s` and `pt` say, with `base` and `base_pt` for what they leave out.
fn key_of(s: Option<&str>, pt: Option<String>, base: &Value, base_pt: Option<String>) -> Key {
    let sparse = s
        .and_then(|s| share::decode(s).ok())
        .unwrap_or_else(|| base.clone());
    (sparse, pt.or(base_pt))
}

/// The calculator: an island, the part of the page the browser hydrates. `base` and
/// `base_pt` are the scenario and price table used while the address holds none (a saved
/// scenario's page passes its own); `address` is what the address said when the page was
/// rendered (decoded once, on the server). In the browser there is no router: the island writes the address with the
/// History API and reads it back when the user goes back or forward.
#[island]
pub fn Calculator(
    base: Value,
    base_pt: Option<String>,
    address: Key,
    first: FirstResults,
) -> impl IntoView {
    let defaults = StoredValue::new(model::default_scenario());
    let base = StoredValue::new(base);
    let base_pt = StoredValue::new(base_pt);
    // The address this page was opened at (a saved scenario's `/s/...`): the island's edits
    // move to `/?...`, and the saved scenario's card shows only at its own address.
    let home = StoredValue::new(crate::browser::current_path());

    // What the address says: the sparse scenario and the price table.
    let committed = RwSignal::new(address);
    let read_address = move || {
        let key = base.with_value(|b| {
            key_of(
                crate::browser::query_param("s").as_deref(),
                crate::browser::query_param("pt"),
                b,
                base_pt.get_value(),
            )
        });
        home.with_value(|home| {
            crate::browser::set_hidden("pinned-version", crate::browser::current_path() != *home)
        });
        if committed.with_untracked(|c| *c != key) {
            committed.set(key);
        }
    };
    crate::browser::on_history_move(read_address);
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

    // The price table of the latest answer (for the address) and the latest error (for the
    // fields' messages).
    let shown = RwSignal::new(first.price_table_id);
    let api_error = RwSignal::new(first.error);

    let write_url = Callback::new(move |push: bool| {
        // The address names the price table the results came from, so the link prices the
        // same way later, even after the region's default changes.
        let pt = committed
            .with_untracked(|(_, pt)| pt.clone())
            .or_else(|| shown.get_untracked());
        let query = defaults.with_value(|d| share::query(&draft.get_untracked(), d, pt.as_deref()));
        // Leaving a saved scenario's own address (`/s/...`) is a new history entry, so Back
        // returns to the saved link; edits on `/` replace the entry they are on.
        let leaving = crate::browser::current_path() != "/";
        crate::browser::set_address(&format!("/?{query}"), push || leaving);
        read_address();
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

    // The results: the server's HTML at first (on the server `html` holds it; in the browser
    // it is empty, and hydration keeps the HTML already in the page), then each change of the
    // address fetches new results. Only the answer to the latest request is shown, so
    // overlapping requests cannot leave the results on an earlier one.
    let html = RwSignal::new(first.html.unwrap_or_default());
    let priced = RwSignal::new(first.priced);
    let (pending, set_pending) = signal(false);
    // The options whose rows the user expanded: kept open when the results are replaced.
    let expanded = StoredValue::new(BTreeSet::<String>::new());
    let latest = StoredValue::new(0u64);
    let after_results = move || {
        // Once the HTML is in the document: draw its charts, reopen expanded rows.
        crate::browser::after_render(move || {
            crate::components::chart::draw_charts();
            expanded.with_value(reopen_rows);
        });
    };
    Effect::new(move |first_run: Option<()>| {
        let key = committed.get();
        if first_run.is_none() {
            after_results();
            return;
        }
        latest.update_value(|n| *n += 1);
        let request = latest.get_value();
        set_pending.set(true);
        leptos::task::spawn_local(async move {
            let answer = fetch_results(key).await;
            if latest.get_value() != request {
                return;
            }
            set_pending.set(false);
            match answer {
                Ok(fragment) => {
                    shown.set(Some(fragment.price_table_id));
                    api_error.set(None);
                    html.set(fragment.html);
                    priced.set(true);
                    after_results();
                }
                Err(error) => api_error.set(Some(error)),
            }
        });
    });
    let notice = move || {
        api_error.get().map(|error| {
            if priced.get() {
                Either::Left(view! {
                    <div class="notice error" role="alert" data-testid="estimate-error">
                        <p><strong>"Not priced: "</strong>{error.message}</p>
                        <p>"The results below are for the last valid input."</p>
                    </div>
                })
            } else {
                Either::Right(view! { <NotPriced error /> })
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
            <section
                class="results"
                id="results"
                aria-label="Results"
                aria-busy=move || pending.get().to_string()
                on:click=move |ev| expanded.update_value(|ids| toggle_row(&ev, ids))
            >
                <Toolbar shown committed write_url draft defaults />
                {notice}
                <div class="results-body" hidden=move || !priced.get() inner_html=move || html.get()></div>
            </section>
        </div>
    }
}

/// The results for `key`: rendered in process on the server, fetched as HTML in the browser.
async fn fetch_results((scenario, pt): Key) -> Result<ResultsFragment, ApiError> {
    #[cfg(not(feature = "hydrate"))]
    {
        crate::pages::results::render(scenario, pt).await
    }
    #[cfg(feature = "hydrate")]
    {
        api::get(&format!(
            "/fragments/results?{}",
            results_query(&scenario, pt.as_deref())
        ))
        .await
    }
}

/// The query naming a sparse scenario and a table: `s=...&pt=...` (as in the address).
fn results_query(sparse: &Value, pt: Option<&str>) -> String {
    share::query(sparse, &Value::Object(Default::default()), pt)
}

/// The click handler of the results: a row's expand button shows or hides its details
/// (the rows are server-rendered HTML, so the handler is delegated to the section).
fn toggle_row(ev: &leptos::ev::MouseEvent, expanded: &mut BTreeSet<String>) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let Some(button) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-testid=expand-option]").ok().flatten())
        else {
            return;
        };
        let Some(id) = button
            .closest("[data-option-id]")
            .ok()
            .flatten()
            .and_then(|row| row.get_attribute("data-option-id"))
        else {
            return;
        };
        let open = !expanded.remove(&id);
        if open {
            expanded.insert(id.clone());
        }
        set_row_open(&id, open);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, expanded);
}

/// Opens the rows of `ids` in freshly inserted results.
fn reopen_rows(ids: &BTreeSet<String>) {
    for id in ids {
        set_row_open(id, true);
    }
}

/// Shows or hides an option's detail row and sets its button's `aria-expanded`.
fn set_row_open(id: &str, open: bool) {
    #[cfg(feature = "hydrate")]
    {
        let document = document();
        if let Some(detail) = document.get_element_by_id(&format!("detail-{id}")) {
            let _ = if open {
                detail.remove_attribute("hidden")
            } else {
                detail.set_attribute("hidden", "")
            };
        }
        if let Ok(Some(button)) = document.query_selector(&format!(
            "[data-testid=option-row][data-option-id='{id}'] [data-testid=expand-option]"
        )) {
            let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, open);
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
        // Typed branches, not erased views (`into_any`): every erased view type carries an
        // async hydration path in the WASM, used or not.
        Kind::Bool => EitherOf4::A(view! {
            <input
                type="checkbox"
                id=id.clone()
                name=field.path
                prop:checked=move || draft.with(|d| model::get_path(d, field.path) == Some(&Value::Bool(true)))
                on:change=move |ev| edit(Value::Bool(event_target_checked(&ev)))
            />
        }),
        Kind::Choice(choices) | Kind::OptChoice(choices) => {
            let optional = matches!(field.kind, Kind::OptChoice(_));
            EitherOf4::B(view! {
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
            })
        }
        Kind::Range => EitherOf4::C(
            view! { <RangeInput field id=id.clone() draft on_edit invalid=Signal::derive(invalid) error_id=error_id.clone() /> },
        ),
        _ => {
            let numeric = !matches!(field.kind, Kind::OptText);
            EitherOf4::D(view! {
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
            })
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
                            let height = format!("height: {}%", model::fixed((m / max * 100.0).max(2.0), 0));
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
                            let value = move || hours.with(|h| model::short(h[hour]));
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
///
/// For the form only: the preset's weights are normalised here in `f64` (to mean 1, rounded
/// to 2 decimals, as [`engine::scenario::Traffic::hourly_multipliers`] does exactly), so the
/// browser's bundle carries no decimal arithmetic. The estimate uses the engine's.
pub fn shape_hours(scenario: &Value) -> Vec<f64> {
    let traffic = model::get_path(scenario, "traffic");
    let number = |v: &Value| {
        v.as_f64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
    };
    if let Some(custom) = traffic
        .and_then(|t| t.get("hourly_shape"))
        .and_then(Value::as_array)
        .filter(|a| a.len() == 24)
    {
        return custom.iter().map(|v| number(v).unwrap_or(0.0)).collect();
    }
    let preset: engine::scenario::ShapePreset = traffic
        .and_then(|t| t.get("shape"))
        .and_then(|s| serde_json::from_value(s.clone()).ok())
        .unwrap_or(engine::scenario::ShapePreset::BusinessHours);
    let weights = preset.weights().map(f64::from);
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 {
        return vec![1.0; 24];
    }
    weights
        .iter()
        .map(|w| (w * 24.0 / sum * 100.0).round() / 100.0)
        .collect()
}

/// Share, save, export and print.
#[component]
fn Toolbar(
    shown: RwSignal<Option<String>>,
    committed: RwSignal<Key>,
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
            .or_else(|| shown.get_untracked());
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
    // The exports are the server's: the same estimate as a file, named by the address's
    // scenario and the table that priced it (so they work before the WASM has loaded, too).
    let export_href = move |format: &str| {
        committed.with(|(sparse, pt)| {
            let pt = pt.clone().or_else(|| shown.get());
            format!(
                "/export/estimate.{format}?{}",
                results_query(sparse, pt.as_deref())
            )
        })
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
                href=move || export_href("csv")
                download="dbcost-estimate.csv"
            >
                "Export CSV"
            </a>
            <a
                class="button"
                data-testid="export-json"
                href=move || export_href("json")
                download="dbcost-estimate.json"
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
                            Either::Left(view! {
                                <p>
                                    "Saved, pinned to its price version: "
                                    <a data-testid="saved-url" href=path.clone()>{href}</a>
                                </p>
                            })
                        }
                        Err(message) => {
                            Either::Right(view! { <p class="error" role="alert">"Could not save: " {message}</p> })
                        }
                    })
            }}
        </div>
    }
}

/// When not even a first estimate could be made.
#[component]
fn NotPriced(error: ApiError) -> impl IntoView {
    let hint = if error.field.as_deref() == Some("pt") || error.status == 404 {
        "The price table in this link is not on this server: import it on the Price tables page, or remove `pt=` from the address to use the default."
    } else if error.field.is_some() {
        "Correct the highlighted field; the results appear as soon as the input is valid."
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

    #[test]
    fn shape_hours_of_every_preset_are_the_engines_multipliers_to_two_decimals() {
        for (id, _) in model::SHAPES {
            let mut s = model::default_scenario();
            model::set_path(&mut s, "traffic.shape", json!(id));
            let traffic: engine::scenario::Traffic =
                serde_json::from_value(model::get_path(&s, "traffic").unwrap().clone()).unwrap();
            let exact: Vec<f64> = traffic
                .hourly_multipliers()
                .iter()
                .map(|d| (model::to_f64(*d) * 100.0).round() / 100.0)
                .collect();
            assert_eq!(shape_hours(&s), exact, "{id}");
        }
    }
}
