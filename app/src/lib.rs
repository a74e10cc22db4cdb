//! dbcost's browser UI: the Leptos application, rendered on the server (feature `ssr`) and
//! hydrated in the browser (feature `hydrate`, compiled to WASM).
//!
//! Pages live in [`pages`], reusable pieces (layout, charts) in [`components`]. Logic that
//! is worth testing lives in plain functions beside them, not inside `view!` closures.

#![recursion_limit = "256"]

pub mod api;
pub mod browser;
pub mod components;
pub mod model;
pub mod pages;
/// The share-link codec (the `share-link` crate, kept free of Leptos so it can be fuzzed cheaply).
pub use share_link as share;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

/// The URL path under which the build puts the WASM bundle, the CSS and ECharts.
pub const PKG_PATH: &str = "/pkg";

/// The HTML document around the app, rendered on the server only.
pub fn shell(_options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="description" content="dbcost: size and price AWS databases from a workload." />
                <link rel="icon" href="data:," />
                <IslandScripts />
                // ECharts is a global script that draws the charts the results carry (see
                // `components::chart`). Deferred, so it does not hold up the first paint of the
                // server-rendered results, and after the boot module (modules are deferred
                // too, and run in document order), so it runs while the WASM is fetched and
                // compiled. `draw_charts` waits for it if hydration wins the
                // race. Served by our own server: no CDN.
                <script src=components::chart::ECHARTS_SRC defer></script>
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// What makes the islands interactive: hints to fetch the WASM early, and the boot module
/// (`app/boot.js`), which hydrates the islands once the document is parsed. Leptos's own
/// `HydrationScripts` starts hydrating at the first idle moment, which can come while the
/// server is still streaming the results, before the calculator's island has arrived.
#[component]
fn IslandScripts() -> impl IntoView {
    // Outside the islands, nothing the server renders is hydrated: resources there are not
    // serialised into the page, and the islands' resource ids start where the browser's do.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    view! {
        <link rel="modulepreload" href=format!("{PKG_PATH}/dbcost.js") />
        <link
            rel="preload"
            href=format!("{PKG_PATH}/dbcost.wasm")
            r#as="fetch"
            r#type="application/wasm"
            crossorigin=""
        />
        <script type="module" src=format!("{PKG_PATH}/dbcost-boot.js")></script>
    }
}

/// The application: layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="dbcost-css" href="/pkg/dbcost.css" />
        <Title text="dbcost: AWS database cost calculator" />
        <Router>
            <components::layout::Layout>
                <Routes fallback=pages::not_found::NotFound>
                    // In order: the results are streamed in their place in the page (no
                    // swap by script at the end), which is what a first paint should show.
                    <Route
                        path=StaticSegment("")
                        view=pages::calculator::CalculatorPage
                        ssr=SsrMode::InOrder
                    />
                    <Route path=StaticSegment("prices") view=pages::prices::PricesPage />
                    <Route
                        path=(StaticSegment("prices"), ParamSegment("id"))
                        view=pages::prices::PriceTablePage
                    />
                    <Route
                        path=(StaticSegment("s"), ParamSegment("id"))
                        view=pages::saved::SavedPage
                        ssr=SsrMode::InOrder
                    />
                </Routes>
            </components::layout::Layout>
        </Router>
    }
}

/// The WASM entry point. The pages are HTML rendered on the server (Leptos's islands mode):
/// only the islands, the calculator and the price-tables panel, are hydrated, by the boot
/// script (`app/boot.js`) right after this returns. The body is marked once they are, so
/// tests and users' scripts can tell the page is interactive.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // The boot script hydrates every island synchronously after this call; a zero-delay
    // timeout runs after all of them (and after their first effects).
    set_timeout(
        || {
            if let Some(body) = document().body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
            browser::performance_mark("dbcost:hydrated");
        },
        std::time::Duration::ZERO,
    );
}
