//! `/s/{id}`: a saved scenario, pinned to the price-table version it was saved with,
//! rendered on the server (the results are in the first HTML response). When the region's
//! default table has changed since, the page offers to re-price with it.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::{self, ApiError};
use crate::model::{self, PriceTableRef};
use crate::pages::calculator::PricedCalculator;
use crate::share;

/// `GET /api/v1/scenarios/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedScenario {
    /// The short id.
    pub id: String,
    /// The scenario as saved.
    pub scenario: Value,
    /// The pinned table.
    pub price_table: PriceTableRef,
    /// The region's default, when it is another version.
    pub newer_price_table: Option<PriceTableRef>,
    /// When it was saved.
    pub created_at: String,
}

/// The saved scenario's page.
#[component]
pub fn SavedPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    // A saved page's address may carry a scenario too (`/s/{id}?s=...`): it wins, as on `/`.
    let query = StoredValue::new(use_query_map().with_untracked(|q| (q.get("s"), q.get("pt"))));
    let saved = Resource::new(id, |id| async move {
        api::get::<SavedScenario>(&format!("/api/v1/scenarios/{id}")).await
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading the saved scenario..."</p> }>
            {move || Suspend::new(async move {
                match saved.await {
                    Ok(saved) => {
                        let (s, pt) = query.get_value();
                        view! { <Saved saved s pt /> }.into_any()
                    }
                    Err(error) => view! { <NotSaved error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Saved(saved: SavedScenario, s: Option<String>, pt: Option<String>) -> impl IntoView {
    let defaults = model::default_scenario();
    let full = model::merge(&defaults, &saved.scenario);
    let reprice = saved.newer_price_table.clone().map(|newer| {
        let href = format!("/?{}", share::query(&full, &defaults, Some(&newer.id)));
        view! {
            <p data-testid="reprice">
                "A newer price table is now the default for " {newer.region.clone()} ": "
                <strong>{newer.name.clone()}</strong> ", effective " {newer.effective_date.clone()} ". "
                <a href=href data-testid="reprice-link">"Re-price with it"</a>
            </p>
        }
    });
    let pinned = saved.price_table.clone();
    view! {
        <section class="card pinned" id="pinned-version" data-testid="pinned-version">
            <h1>"Saved scenario"</h1>
            <p>
                "Pinned to price version " <code>{pinned.id.clone()}</code> " (" {pinned.name.clone()}
                ", " {pinned.region.clone()} ", effective " {pinned.effective_date.clone()} "), saved "
                {model::short_time(&saved.created_at)} ". Editing it makes a new link; this one never changes."
            </p>
            {reprice}
        </section>
        <PricedCalculator base=saved.scenario base_pt=Some(saved.price_table.id) s pt />
    }
}

#[component]
fn NotSaved(error: ApiError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let status =
            http::StatusCode::from_u16(error.status).unwrap_or(http::StatusCode::BAD_GATEWAY);
        response.set_status(status);
    }
    let text = if error.status == 404 {
        "There is no saved scenario with this id on this server. Check the link, or ask for it again.".to_owned()
    } else {
        format!("The saved scenario could not be loaded: {}", error.message)
    };
    view! {
        <section class="card error-page" role="alert" data-testid="bad-link">
            <h1>"Saved scenario not found"</h1>
            <p>{text}</p>
            <p><a href="/">"Go to the calculator"</a></p>
        </section>
    }
}
