//! `/prices`: the price-table versions (name, region, effective date, age, stale, default),
//! upload of a new snapshot (file picker or drag-and-drop; every field error listed by its
//! path, nothing stored), the import of AWS offer files with upload progress
//! ([`crate::pages::aws_import`]), the diff of two versions (`?from=&to=` in the address) and
//! setting a region's default. `/prices/{id}`: one version.

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::{self, ApiError};

/// One version, as `GET /api/v1/price-tables` lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Version {
    /// `pt-...`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// AWS region.
    pub region: String,
    /// ISO 4217 currency.
    pub currency: String,
    /// YYYY-MM-DD.
    pub effective_date: String,
    /// YYYY-MM-DD, when known.
    pub publication_date: Option<String>,
    /// RFC 3339.
    pub imported_at: String,
    /// The region's default.
    pub is_default: bool,
    /// Days old.
    pub age_days: i64,
    /// Older than the server's limit.
    pub stale: bool,
}

/// `GET /api/v1/price-tables`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionList {
    /// Every version.
    pub price_tables: Vec<Version>,
    /// The server's staleness limit.
    pub stale_after_days: u32,
}

/// One changed price.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Flattened path.
    pub path: String,
    /// `added`, `removed` or `changed`.
    pub kind: String,
    /// Old price.
    pub old: Option<String>,
    /// New price.
    pub new: Option<String>,
    /// Percent change.
    pub percent: Option<String>,
}

/// `GET /api/v1/price-tables/{a}/diff/{b}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    /// Older side.
    pub from: Version,
    /// Newer side.
    pub to: Version,
    /// The changes.
    pub changes: Vec<Change>,
}

/// A field error of an upload, as one line: `path: expected ..., found ...`.
pub fn describe_detail(detail: &Value) -> (String, String) {
    let path = detail
        .get("path")
        .and_then(Value::as_str)
        .filter(|p| !p.is_empty())
        .unwrap_or("(document)")
        .to_owned();
    let text = |k: &str| detail.get(k).and_then(Value::as_str).map(str::to_owned);
    let message = match (text("message"), text("expected"), text("found")) {
        (Some(m), _, _) => m,
        (None, Some(e), Some(f)) => format!("expected {e}, found {f}"),
        (None, Some(e), None) => format!("expected {e}"),
        _ => detail.to_string(),
    };
    (path, message)
}

/// "Age" column text: `543 days`.
pub fn age_text(days: i64) -> String {
    match days {
        0 => "today".to_owned(),
        1 => "1 day".to_owned(),
        n => format!("{n} days"),
    }
}

/// The price tables page, rendered on the server; its interactive part is the
/// [`PriceTables`] island. `?from=...&to=...` asks for the differences between two versions.
#[component]
pub fn PricesPage() -> impl IntoView {
    let (from, to) = use_query_map().with_untracked(|q| (q.get("from"), q.get("to")));
    view! {
        <h1>"Price tables"</h1>
        <p class="lede">
            "Every estimate is priced from one of these versions. Each import is immutable and named by its content, so a link that names a version prices the same way on any machine that has it."
        </p>
        <PriceTables from to />
    }
}

/// The uploads, the list of versions (with "make default") and the comparison of two
/// versions: an island, hydrated in the browser.
#[island]
pub fn PriceTables(from: Option<String>, to: Option<String>) -> impl IntoView {
    let refresh = RwSignal::new(0u32);
    let list = Resource::new(
        move || refresh.get(),
        |_| async move { api::get::<VersionList>("/api/v1/price-tables").await },
    );
    let set_default = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            let result: Result<Value, ApiError> = api::post(
                &format!("/api/v1/price-tables/{id}/default"),
                &serde_json::json!({}),
            )
            .await;
            refresh.update(|n| *n += 1);
            result.map(|_| ())
        }
    });
    view! {
        <Upload refresh />
        <crate::pages::aws_import::AwsImport refresh />
        <Transition fallback=|| view! { <p class="loading">"Loading price tables..."</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => Either::Left(view! { <VersionTable list set_default /> }),
                    Err(error) => Either::Right(view! { <p class="notice error" role="alert">"Could not list the price tables: " {error.message}</p> }),
                }
            })}
        </Transition>
        {move || set_default.value().get().and_then(|r| r.err()).map(|e| view! { <p class="notice error" role="alert">{e.message}</p> })}
        <DiffPanel list from to />
    }
}

#[component]
fn VersionTable(
    list: VersionList,
    set_default: Action<String, Result<(), ApiError>>,
) -> impl IntoView {
    let rows = list
        .price_tables
        .iter()
        .map(|v| {
            let id = v.id.clone();
            view! {
                <tr data-testid="price-table-row" data-id=v.id.clone()>
                    <th scope="row"><a href=format!("/prices/{}", v.id)>{v.name.clone()}</a><br /><code>{v.id.clone()}</code></th>
                    <td>{v.region.clone()}</td>
                    <td>{v.effective_date.clone()}</td>
                    <td>
                        {age_text(v.age_days)}
                        {v.stale.then(|| view! { <span class="badge warn" data-testid="stale-badge">"stale"</span> })}
                    </td>
                    <td>
                        {if v.is_default {
                            Either::Left(view! { <span class="badge good">"default"</span> })
                        } else {
                            Either::Right(view! {
                                <button type="button" class="small" data-testid="set-default" on:click=move |_| { set_default.dispatch(id.clone()); }>
                                    "Make default"
                                </button>
                            })
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>"Versions"</h2>
            <p class="hint">"A table older than " {list.stale_after_days} " days is stale: estimates priced with it say so."</p>
            <div class="table-scroll">
                <table data-testid="price-table-list">
                    <thead>
                        <tr>
                            <th scope="col">"Name and id"</th>
                            <th scope="col">"Region"</th>
                            <th scope="col">"Effective"</th>
                            <th scope="col">"Age"</th>
                            <th scope="col">"Default"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The outcome of an upload.
#[derive(Clone, Debug, PartialEq)]
enum Uploaded {
    Stored(String, String),
    Rejected(ApiError),
}

#[component]
fn Upload(refresh: RwSignal<u32>) -> impl IntoView {
    let outcome = RwSignal::new(None::<Uploaded>);
    let dragging = RwSignal::new(false);
    let upload = Action::new_local(move |text: &String| {
        let text = text.clone();
        async move {
            let result: Result<Value, ApiError> =
                api::post_text("/api/v1/price-tables", text).await;
            outcome.set(Some(match result {
                Ok(v) => Uploaded::Stored(
                    v.get("id")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                    v.get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                ),
                Err(e) => Uploaded::Rejected(e),
            }));
            refresh.update(|n| *n += 1);
        }
    });
    #[cfg(feature = "hydrate")]
    let read_files = move |files: Option<web_sys::FileList>| {
        if let Some(file) = files.and_then(|f| f.get(0)) {
            leptos::task::spawn_local(async move {
                match crate::browser::file_text(file).await {
                    Ok(text) => {
                        upload.dispatch(text);
                    }
                    Err(e) => outcome.set(Some(Uploaded::Rejected(ApiError::client(format!(
                        "The file could not be read: {e}"
                    ))))),
                }
            });
        }
    };
    let on_pick = move |_ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let input = _ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            read_files(input.as_ref().and_then(|i| i.files()));
            if let Some(input) = input {
                input.set_value("");
            }
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        #[cfg(feature = "hydrate")]
        read_files(ev.data_transfer().and_then(|d| d.files()));
    };
    view! {
        <section class="card">
            <h2>"Import a snapshot"</h2>
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                data-testid="price-table-upload"
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <p>"Drop a price-table JSON file here, or"</p>
                <label class="button" for="price-table-file">"Choose a file"</label>
                <input
                    id="price-table-file"
                    class="visually-hidden-file"
                    type="file"
                    accept=".json,application/json"
                    data-testid="price-table-file"
                    on:change=on_pick
                />
                <p class="hint">
                    "The format is described in the " <a href="/api/v1/schemas/price-table.json">"JSON Schema"</a>
                    ". Nothing is stored unless the whole table is valid."
                </p>
            </div>
            <div aria-live="polite">
                {move || upload.pending().get().then(|| view! { <p class="loading">"Checking the table..."</p> })}
                {move || outcome.get().map(|o| match o {
                    Uploaded::Stored(id, name) => Either::Left(view! {
                        <p class="notice ok" data-testid="upload-ok">"Imported " <strong>{name}</strong> " as " <code>{id}</code> "."</p>
                    }),
                    Uploaded::Rejected(error) => {
                        let details = error.details.iter().map(describe_detail).collect::<Vec<_>>();
                        Either::Right(view! {
                            <div class="notice error" role="alert" data-testid="upload-errors">
                                <p><strong>"Not imported: "</strong>{error.message.clone()}</p>
                                <ul>
                                    {details.into_iter().map(|(path, message)| view! {
                                        <li data-testid="upload-error"><code>{path}</code> ": " {message}</li>
                                    }).collect_view()}
                                </ul>
                                <p>"Nothing was stored. Fix the listed fields and import again."</p>
                            </div>
                        })
                    }
                })}
            </div>
        </section>
    }
}

#[component]
fn DiffPanel(
    list: Resource<Result<VersionList, ApiError>>,
    from: Option<String>,
    to: Option<String>,
) -> impl IntoView {
    // The comparison form is a plain GET form: submitting it loads `/prices?from=..&to=..`.
    let (from, to) = (StoredValue::new(from), StoredValue::new(to));
    let from = move || from.get_value();
    let to = move || to.get_value();
    let diff = Resource::new(
        move || (from(), to()),
        |(from, to)| async move {
            match (from, to) {
                (Some(a), Some(b)) if !a.is_empty() && !b.is_empty() => {
                    Some(api::get::<Diff>(&format!("/api/v1/price-tables/{a}/diff/{b}")).await)
                }
                _ => None,
            }
        },
    );
    let options = move |selected: Option<String>| {
        Suspend::new(async move {
            let versions = list.await.map(|l| l.price_tables).unwrap_or_default();
            versions
                .into_iter()
                .map(|v| {
                    let is = selected.as_deref() == Some(v.id.as_str());
                    view! { <option value=v.id.clone() selected=is>{format!("{} ({}, {})", v.name, v.region, v.effective_date)}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card">
            <h2>"Compare two versions"</h2>
            <form class="diff-form" method="get" action="/prices">
                <label class="field">
                    <span>"From"</span>
                    <select name="from" data-testid="diff-from">
                        <Transition>{move || options(from())}</Transition>
                    </select>
                </label>
                <label class="field">
                    <span>"To"</span>
                    <select name="to" data-testid="diff-to">
                        <Transition>{move || options(to())}</Transition>
                    </select>
                </label>
                <button type="submit" data-testid="diff-button">"Show differences"</button>
            </form>
            <Transition>
                {move || Suspend::new(async move {
                    match diff.await {
                        None => EitherOf3::A(()),
                        Some(Err(e)) => EitherOf3::B(view! { <p class="notice error" role="alert">{e.message}</p> }),
                        Some(Ok(diff)) => EitherOf3::C(view! { <DiffTable diff /> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DiffTable(diff: Diff) -> impl IntoView {
    let count = diff.changes.len();
    view! {
        <div data-testid="price-table-diff">
            <p>
                {count} " price(s) differ from " <strong>{diff.from.name.clone()}</strong> " to "
                <strong>{diff.to.name.clone()}</strong> "."
            </p>
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Price"</th>
                            <th scope="col">"Change"</th>
                            <th scope="col" class="num">"Old"</th>
                            <th scope="col" class="num">"New"</th>
                            <th scope="col" class="num">"%"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {diff.changes.into_iter().map(|c| view! {
                            <tr data-testid="diff-row" data-path=c.path.clone()>
                                <th scope="row"><code>{c.path.clone()}</code></th>
                                <td>{c.kind}</td>
                                <td class="num">{c.old.unwrap_or_default()}</td>
                                <td class="num">{c.new.unwrap_or_default()}</td>
                                <td class="num">{c.percent.map(|p| format!("{p} %")).unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}

/// `GET /api/v1/price-tables/{id}`: the version and its document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shown {
    /// The version.
    pub version: Version,
    /// The document.
    pub table: Value,
}

/// `/prices/{id}`: one version.
#[component]
pub fn PriceTablePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let shown = Resource::new(id, |id| async move {
        let value: Value = api::get(&format!("/api/v1/price-tables/{id}")).await?;
        let table = value.get("table").cloned().unwrap_or_default();
        let version = serde_json::from_value::<Version>(value)
            .map_err(|e| ApiError::client(e.to_string()))?;
        Ok::<_, ApiError>(Shown { version, table })
    });
    view! {
        <p><a href="/prices">"All price tables"</a></p>
        <Suspense fallback=|| view! { <p class="loading">"Loading..."</p> }>
            {move || Suspend::new(async move {
                match shown.await {
                    Err(e) => view! { <p class="notice error" role="alert">"Could not load this price table: " {e.message}</p> }.into_any(),
                    Ok(shown) => {
                        let v = shown.version;
                        let pretty = serde_json::to_string_pretty(&shown.table).unwrap_or_default();
                        view! {
                            <section class="card" data-testid="price-table-view">
                                <h1>{v.name.clone()}</h1>
                                <dl class="facts">
                                    <dt>"Id"</dt><dd><code>{v.id.clone()}</code></dd>
                                    <dt>"Region"</dt><dd>{v.region.clone()}</dd>
                                    <dt>"Currency"</dt><dd>{v.currency.clone()}</dd>
                                    <dt>"Effective"</dt><dd>{v.effective_date.clone()}</dd>
                                    <dt>"Published"</dt><dd>{v.publication_date.clone().unwrap_or_else(|| "-".into())}</dd>
                                    <dt>"Age"</dt><dd>{age_text(v.age_days)} {v.stale.then(|| view! { <span class="badge warn">"stale"</span> })}</dd>
                                    <dt>"Default"</dt><dd>{if v.is_default { "yes" } else { "no" }}</dd>
                                    <dt>"Imported"</dt><dd>{v.imported_at.clone()}</dd>
                                </dl>
                                <p>
                                    <a class="button" href=format!("/api/v1/price-tables/{}/export", v.id) download>"Export JSON"</a>
                                    " "
                                    <a class="button" href=format!("/?pt={}", v.id)>"Price the default scenario with it"</a>
                                </p>
                                <details>
                                    <summary>"The document"</summary>
                                    <pre class="document">{pretty}</pre>
                                </details>
                            </section>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn upload_details_read_as_path_and_message() {
        assert_eq!(
            describe_detail(
                &json!({"path": "region", "kind": "invalid", "expected": "an AWS region code", "found": "\"us-east-42\""})
            ),
            (
                "region".to_owned(),
                "expected an AWS region code, found \"us-east-42\"".to_owned()
            )
        );
        assert_eq!(
            describe_detail(&json!({"path": "", "message": "bad"})).0,
            "(document)"
        );
    }

    #[test]
    fn ages_read_naturally() {
        assert_eq!(age_text(0), "today");
        assert_eq!(age_text(1), "1 day");
        assert_eq!(age_text(543), "543 days");
    }
}
