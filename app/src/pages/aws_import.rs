//! The "Import AWS offer files" panel of `/prices`: the user picks or drops one or several
//! AWS Price List offer files (index.json / index.csv) for one region, optionally names the
//! table and its region, and watches a real upload progress bar (bytes sent of total,
//! percent, rate, time left) while the server streams the import; then the import report and
//! a link to the new version, or the error (nothing stored).
//!
//! All files go in one `multipart/form-data` request to `POST /api/v1/price-tables/import-aws`,
//! so they become one table. `fetch` reports no upload progress, so the browser side uses
//! `XMLHttpRequest` (`crate::browser::upload_form`). It needs JavaScript; without it the panel
//! says so and points to the command line.

use std::collections::BTreeMap;

use leptos::either::EitherOf3;
use leptos::prelude::*;
use serde::Deserialize;

use crate::api::ApiError;

/// The answer of `POST /api/v1/price-tables/import-aws`: the stored version (flattened) and
/// the importer's report. Only what the panel shows.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AwsImported {
    /// `pt-...`.
    pub id: String,
    /// The table's name.
    pub name: String,
    /// Its region.
    pub region: String,
    /// What was read, mapped, skipped and is still missing.
    pub report: ImportReport,
    /// False when identical content was already stored (200 rather than 201).
    #[serde(skip)]
    pub created: bool,
}

/// The importer's report, as the API sends it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ImportReport {
    /// Each file read.
    #[serde(default)]
    pub files: Vec<ImportedFile>,
    /// Distinct SKUs read.
    pub skus_read: u64,
    /// SKUs mapped to a price of the schema.
    pub skus_mapped: u64,
    /// SKUs skipped, by reason (`outposts`, `local_zone`, `not_in_schema`, ...).
    #[serde(default)]
    pub skipped: BTreeMap<String, u64>,
    /// Price rows of mapped SKUs left out, by reason (`free_tier`, ...).
    #[serde(default)]
    pub rows_skipped: BTreeMap<String, u64>,
    /// Products the schema has no place for, by "family: what ruled it out".
    #[serde(default)]
    pub not_in_schema: BTreeMap<String, u64>,
    /// Slots two SKUs priced differently (left empty).
    #[serde(default)]
    pub conflicts: Vec<ImportConflict>,
    /// Dimensions of the schema the files left empty.
    #[serde(default)]
    pub missing: Vec<String>,
}

/// One file of an import.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ImportedFile {
    /// The file's name.
    pub name: String,
    /// `AmazonRDS`, ...
    pub offer_code: String,
    /// `json` or `csv`.
    pub format: String,
    /// Bytes read.
    pub bytes: u64,
}

/// Two SKUs that priced one slot differently.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ImportConflict {
    /// The slot, as a path in the table.
    pub slot: String,
    /// `(sku, price)` of each claimant.
    pub candidates: Vec<(String, String)>,
}

/// Where the panel is.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportState {
    /// Nothing sent yet.
    Idle,
    /// Sending the body: bytes sent, bytes to send, seconds since the start.
    Sending { sent: f64, total: f64, seconds: f64 },
    /// Every byte sent; the server is finishing the import.
    Finishing { total: f64 },
    /// Stored (or found already stored).
    Done(Box<AwsImported>),
    /// Refused or failed; nothing stored.
    Failed(ApiError),
}

/// "532 kB", "12.3 MB" (decimal units, as download sizes are usually shown).
pub fn size_text(bytes: f64) -> String {
    if bytes < 1_000_000.0 {
        format!("{} kB", crate::model::fixed((bytes / 1000.0).ceil(), 0))
    } else if bytes < 1_000_000_000.0 {
        format!("{} MB", crate::model::fixed(bytes / 1e6, 1))
    } else {
        format!("{} GB", crate::model::fixed(bytes / 1e9, 2))
    }
}

/// Whole percent sent, 100 only when everything is.
pub fn percent(sent: f64, total: f64) -> u32 {
    if total <= 0.0 || sent >= total {
        100
    } else {
        ((sent / total) * 100.0).floor().clamp(0.0, 99.0) as u32
    }
}

/// The status line under the progress bar: "12.3 MB of 200.0 MB sent (6 %), 4.1 MB/s, about
/// 46 s left". Rate and time left appear once there is something to measure.
pub fn progress_text(sent: f64, total: f64, seconds: f64) -> String {
    let mut text = format!(
        "{} of {} sent ({} %)",
        size_text(sent),
        size_text(total),
        percent(sent, total)
    );
    if seconds > 0.2 && sent > 0.0 {
        let rate = sent / seconds;
        text.push_str(&format!(", {}/s", size_text(rate)));
        if sent < total {
            let left = ((total - sent) / rate).ceil();
            text.push_str(&if left < 90.0 {
                format!(", about {} s left", crate::model::fixed(left, 0))
            } else {
                format!(
                    ", about {} min left",
                    crate::model::fixed((left / 60.0).ceil(), 0)
                )
            });
        }
    }
    text
}

/// The query string of the import request: the optional region and name, trimmed.
pub fn import_url(region: &str, name: &str) -> String {
    let mut params = Vec::new();
    for (key, value) in [("region", region.trim()), ("name", name.trim())] {
        if !value.is_empty() {
            params.push(format!("{key}={}", encode_query_value(value)));
        }
    }
    if params.is_empty() {
        "/api/v1/price-tables/import-aws".to_owned()
    } else {
        format!("/api/v1/price-tables/import-aws?{}", params.join("&"))
    }
}

fn encode_query_value(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The panel's reading of the server's answer.
pub fn outcome(status: u16, body: &str) -> ImportState {
    match status {
        200 | 201 => match serde_json::from_str::<AwsImported>(body) {
            Ok(imported) => ImportState::Done(Box::new(AwsImported {
                created: status == 201,
                ..imported
            })),
            Err(e) => ImportState::Failed(ApiError::client(format!(
                "The server stored the table but its answer could not be read ({e}); reload the page to see it."
            ))),
        },
        0 => ImportState::Failed(ApiError::client(
            "The upload did not complete (connection lost or cancelled). Nothing was stored.",
        )),
        _ => ImportState::Failed(api_error(status, body)),
    }
}

fn api_error(status: u16, body: &str) -> ApiError {
    #[derive(Deserialize)]
    struct Envelope {
        error: Fields,
    }
    #[derive(Deserialize)]
    struct Fields {
        code: String,
        message: String,
        field: Option<String>,
    }
    match serde_json::from_str::<Envelope>(body) {
        Ok(Envelope { error }) => ApiError {
            status,
            code: error.code,
            message: error.message,
            field: error.field,
            details: Vec::new(),
        },
        Err(_) => ApiError {
            status,
            code: "http".into(),
            message: format!("The server answered {status}. Nothing was stored."),
            field: None,
            details: Vec::new(),
        },
    }
}

/// The panel.
#[component]
pub fn AwsImport(refresh: RwSignal<u32>) -> impl IntoView {
    let state = RwSignal::new(ImportState::Idle);
    let region = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let dragging = RwSignal::new(false);
    // (bytes sent, bytes to send) as the browser last reported them: the progress bar.
    let sent = RwSignal::new(None::<(f64, f64)>);
    let is_busy = |s: &ImportState| {
        matches!(
            s,
            ImportState::Sending { .. } | ImportState::Finishing { .. }
        )
    };
    let busy = move || state.with(is_busy);
    // Only the browser uploads (and then refreshes the list); the server renders the panel.
    #[cfg(not(feature = "hydrate"))]
    let _ = refresh;
    #[cfg(feature = "hydrate")]
    let upload = StoredValue::new_local(None::<crate::browser::FormUpload>);
    #[cfg(feature = "hydrate")]
    let start = move |files: Option<web_sys::FileList>| {
        let Some(list) = files else { return };
        let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        if files.is_empty() || state.with_untracked(is_busy) {
            return;
        }
        let total: f64 = files.iter().map(|f| f.size()).sum();
        let started = js_sys::Date::now();
        sent.set(Some((0.0, total)));
        state.set(ImportState::Sending {
            sent: 0.0,
            total,
            seconds: 0.0,
        });
        let url = import_url(&region.get_untracked(), &name.get_untracked());
        let on_progress = move |loaded: f64, total: f64| {
            let seconds = (js_sys::Date::now() - started) / 1000.0;
            sent.set(Some((loaded, total)));
            state.set(if loaded >= total {
                ImportState::Finishing { total }
            } else {
                ImportState::Sending {
                    sent: loaded,
                    total,
                    seconds,
                }
            });
        };
        let on_end = move |status: u16, body: String| {
            let next = outcome(status, &body);
            if matches!(next, ImportState::Done(_)) {
                refresh.update(|n| *n += 1);
            }
            state.set(next);
        };
        match crate::browser::upload_form(&url, &files, on_progress, on_end) {
            Ok(handle) => upload.set_value(Some(handle)),
            Err(e) => state.set(ImportState::Failed(ApiError::client(format!(
                "The upload could not start: {e}"
            )))),
        }
    };
    let on_pick = move |_ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let input = _ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            start(input.as_ref().and_then(|i| i.files()));
            if let Some(input) = input {
                input.set_value("");
            }
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        #[cfg(feature = "hydrate")]
        start(ev.data_transfer().and_then(|d| d.files()));
    };
    let cancel = move |_| {
        #[cfg(feature = "hydrate")]
        upload.with_value(|u| {
            if let Some(u) = u {
                u.abort();
            }
        });
    };
    let status = move || match state.get() {
        ImportState::Idle => String::new(),
        ImportState::Sending {
            sent,
            total,
            seconds,
        } => format!("Uploading: {}", progress_text(sent, total, seconds)),
        ImportState::Finishing { total } => format!(
            "Uploaded {} (100 %). The server is finishing the import...",
            size_text(total)
        ),
        ImportState::Done(d) => format!(
            "Imported {} file(s): {} of {} SKUs mapped{}.",
            d.report.files.len(),
            d.report.skus_mapped,
            d.report.skus_read,
            if d.created {
                ", stored as a new version"
            } else {
                "; identical prices were already stored"
            }
        ),
        ImportState::Failed(_) => "Not imported: see the error below.".to_owned(),
    };
    view! {
        <section class="card aws-import" data-testid="aws-import">
            <h2>"Import AWS offer files"</h2>
            <p class="hint">
                "Download the offer files for one region (" <code>"index.json"</code> " or " <code>"index.csv"</code>
                " of AmazonRDS, AmazonDynamoDB, AmazonDAX, AmazonElastiCache) from the AWS Price List Bulk API and import them together: they become one price table. Files of hundreds of MB stream through; nothing is stored unless every file imports."
            </p>
            // Shown until the app has hydrated (style/main.css): without JavaScript the
            // upload cannot run, so the controls stay hidden and this says what to do instead.
            <p class="notice warning js-missing" data-testid="aws-import-no-js">
                "Importing offer files from this page needs JavaScript, which is off or has not loaded yet. Without it, use "
                <code>"dbcost prices import-aws FILE... --region REGION"</code>
                " or POST the files to " <code>"/api/v1/price-tables/import-aws"</code> "."
            </p>
            <div class="js-only">
            <div class="fields aws-import-fields">
                <label class="field">
                    <span>"Region (optional)"</span>
                    <input
                        type="text"
                        name="region"
                        placeholder="taken from the files"
                        data-testid="aws-import-region"
                        prop:value=move || region.get()
                        on:input=move |ev| region.set(event_target_value(&ev))
                        prop:disabled=busy
                    />
                </label>
                <label class="field">
                    <span>"Table name (optional)"</span>
                    <input
                        type="text"
                        name="name"
                        placeholder="default: from region and date"
                        data-testid="aws-import-name"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                        prop:disabled=busy
                    />
                </label>
            </div>
            <div
                class="drop-zone"
                class:dragging=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <p>"Drop offer files here, or"</p>
                <label class="button" for="aws-offer-files">"Choose offer files"</label>
                <input
                    id="aws-offer-files"
                    class="visually-hidden-file"
                    type="file"
                    multiple
                    accept=".json,.csv,application/json,text/csv"
                    data-testid="aws-import-files"
                    on:change=on_pick
                    prop:disabled=busy
                />
            </div>
            </div>
            <Show when=move || sent.get().is_some()>
                <div class="upload-progress">
                    <label for="aws-import-progress">"Upload progress"</label>
                    <progress
                        id="aws-import-progress"
                        data-testid="aws-import-progress"
                        max=move || sent.get().map_or(1.0, |(_, total)| total.max(1.0)).to_string()
                        value=move || sent.get().map_or(0.0, |(done, _)| done).to_string()
                    >
                        {move || sent.get().map(|(done, total)| format!("{} %", percent(done, total)))}
                    </progress>
                    <span class="percent" data-testid="aws-import-percent" aria-hidden="true">
                        {move || sent.get().map(|(done, total)| format!("{} %", percent(done, total)))}
                    </span>
                </div>
            </Show>
            <p class="upload-status" role="status" aria-live="polite" data-testid="aws-import-status">{status}</p>
            {move || busy().then(|| view! {
                <button type="button" class="small" data-testid="aws-import-cancel" on:click=cancel>"Cancel"</button>
            })}
            {move || match state.get() {
                ImportState::Done(imported) => EitherOf3::A(view! { <ImportReportView imported=*imported /> }),
                ImportState::Failed(error) => EitherOf3::B(view! {
                    <div class="notice error" role="alert" data-testid="aws-import-error">
                        <p><strong>"Not imported: "</strong>{error.message.clone()}</p>
                        <p>"Check that the files are complete offer files for one region (download again any file that was cut short), then import them again."</p>
                    </div>
                }),
                _ => EitherOf3::C(()),
            }}
        </section>
    }
}

#[component]
fn ImportReportView(imported: AwsImported) -> impl IntoView {
    let r = imported.report;
    let skipped_total: u64 = r.skipped.values().sum();
    view! {
        <div class="notice ok import-report" data-testid="aws-import-report">
            <p>
                "Stored " <a href=format!("/prices/{}", imported.id) data-testid="aws-import-link"><strong>{imported.name.clone()}</strong></a>
                " (" {imported.region.clone()} ") as " <code>{imported.id.clone()}</code> "."
            </p>
            <dl class="facts">
                <dt>"Files"</dt>
                <dd>{r.files.iter().map(|f| format!("{} ({}, {}, {})", f.name, f.offer_code, f.format, size_text(f.bytes as f64))).collect::<Vec<_>>().join("; ")}</dd>
                <dt>"SKUs read"</dt><dd data-testid="aws-import-read">{r.skus_read}</dd>
                <dt>"Mapped"</dt><dd data-testid="aws-import-mapped">{r.skus_mapped}</dd>
                <dt>"Skipped"</dt><dd data-testid="aws-import-skipped">{skipped_total}</dd>
                <dt>"Conflicts"</dt><dd data-testid="aws-import-conflicts">{r.conflicts.len()}</dd>
            </dl>
            {(!r.skipped.is_empty()).then(|| view! {
                <h3>"Skipped, by reason"</h3>
                <ul>
                    {r.skipped.iter().map(|(reason, n)| view! {
                        <li data-testid="aws-import-skip" data-reason=reason.clone()>{reason.replace('_', " ")} ": " {*n}</li>
                    }).collect_view()}
                </ul>
            })}
            {(!r.not_in_schema.is_empty()).then(|| view! {
                <details>
                    <summary>"Products with no place in the schema (" {r.not_in_schema.len()} ")"</summary>
                    <ul>{r.not_in_schema.iter().map(|(what, n)| view! { <li>{what.clone()} ": " {*n}</li> }).collect_view()}</ul>
                </details>
            })}
            {(!r.rows_skipped.is_empty()).then(|| view! {
                <p>"Price rows left out: " {r.rows_skipped.iter().map(|(k, n)| format!("{} {n}", k.replace('_', " "))).collect::<Vec<_>>().join(", ")} "."</p>
            })}
            {(!r.conflicts.is_empty()).then(|| view! {
                <h3>"Conflicts (left empty)"</h3>
                <ul>
                    {r.conflicts.iter().map(|c| view! {
                        <li><code>{c.slot.clone()}</code> ": " {c.candidates.iter().map(|(sku, price)| format!("{sku} {price}")).collect::<Vec<_>>().join(" vs ")}</li>
                    }).collect_view()}
                </ul>
            })}
            {(!r.missing.is_empty()).then(|| view! {
                <details>
                    <summary>"Dimensions still missing (" {r.missing.len()} ")"</summary>
                    <ul>{r.missing.iter().map(|m| view! { <li><code>{m.clone()}</code></li> }).collect_view()}</ul>
                </details>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_decimal_units() {
        assert_eq!(size_text(532_100.0), "533 kB");
        assert_eq!(size_text(12_345_678.0), "12.3 MB");
        assert_eq!(size_text(2_500_000_000.0), "2.50 GB");
    }

    #[test]
    fn percent_is_100_only_when_everything_is_sent() {
        assert_eq!(percent(0.0, 200.0), 0);
        assert_eq!(percent(199.9, 200.0), 99);
        assert_eq!(percent(200.0, 200.0), 100);
        assert_eq!(percent(12.0, 200.0), 6);
    }

    #[test]
    fn progress_shows_rate_and_time_left() {
        // 12 MB of 200 MB in 3 s: 4 MB/s, 188 MB left = 47 s.
        assert_eq!(
            progress_text(12e6, 200e6, 3.0),
            "12.0 MB of 200.0 MB sent (6 %), 4.0 MB/s, about 47 s left"
        );
        // 10 MB of 700 MB in 10 s: 1 MB/s, 690 s = 12 min (rounded up).
        assert_eq!(
            progress_text(10e6, 700e6, 10.0),
            "10.0 MB of 700.0 MB sent (1 %), 1.0 MB/s, about 12 min left"
        );
        assert_eq!(progress_text(0.0, 5e6, 0.0), "0 kB of 5.0 MB sent (0 %)");
    }

    #[test]
    fn the_url_carries_only_what_was_given() {
        assert_eq!(import_url(" ", ""), "/api/v1/price-tables/import-aws");
        assert_eq!(
            import_url("eu-west-1", "EU prices & co"),
            "/api/v1/price-tables/import-aws?region=eu-west-1&name=EU%20prices%20%26%20co"
        );
    }

    #[test]
    fn answers_become_states() {
        let body = r#"{"id":"pt-1","name":"n","region":"us-east-1","is_default":false,
            "report":{"files":[{"name":"a.json","offer_code":"AmazonRDS","format":"json","bytes":10,
            "version":"1","publication_date":"x"}],"skus_read":5,"skus_mapped":3,
            "skipped":{"outposts":2},"rows_skipped":{},"not_in_schema":{},"conflicts":[],"missing":[]}}"#;
        match outcome(201, body) {
            ImportState::Done(d) => {
                assert_eq!((d.report.skus_read, d.report.skus_mapped), (5, 3));
                assert!(d.created);
                assert_eq!(d.report.skipped.get("outposts"), Some(&2));
            }
            other => panic!("{other:?}"),
        }
        let error = r#"{"error":{"code":"invalid_offer_file","message":"a.json: malformed JSON at byte 7: EOF","field":null}}"#;
        match outcome(422, error) {
            ImportState::Failed(e) => {
                assert_eq!(e.code, "invalid_offer_file");
                assert!(e.message.contains("at byte 7"));
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(outcome(0, ""), ImportState::Failed(e) if e.message.contains("did not complete"))
        );
        assert!(matches!(outcome(502, "<html>"), ImportState::Failed(e) if e.status == 502));
    }
}
