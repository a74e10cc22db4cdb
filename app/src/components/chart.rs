//! Charts: a container the server renders with its ECharts option in `data-echart` (JSON),
//! drawn in the browser by ECharts itself.
//!
//! The option is built on the server by a plain function (charming's types, testable on the
//! host; see [`super::charts`]) and travels as JSON inside the results' HTML, so the browser's
//! WASM needs neither charming nor the data the option is built from: [`draw_charts`] hands
//! each container's JSON to `echarts.init(...).setOption(...)`.

#[cfg(not(target_arch = "wasm32"))]
use charming::Chart;
#[cfg(not(target_arch = "wasm32"))]
use leptos::prelude::*;

/// The attribute holding a container's ECharts option (JSON).
pub const OPTION_ATTRIBUTE: &str = "data-echart";

/// Where the page loads ECharts from (our own server: no CDN).
pub const ECHARTS_SRC: &str = "/pkg/echarts.min.js";

/// A chart container carrying its option, drawn by [`draw_charts`] once in the page.
#[cfg(not(target_arch = "wasm32"))]
#[component]
pub fn EChart(
    /// The DOM id of the container (must be unique on the page).
    id: &'static str,
    /// `data-testid` for tests.
    testid: &'static str,
    /// Accessible description of what the chart shows.
    label: &'static str,
    /// The chart option.
    option: Chart,
    /// Height in px, when not the stylesheet's.
    #[prop(optional)]
    height: Option<u32>,
) -> impl IntoView {
    let style = height.map(|h| format!("height: {h}px"));
    // The option as charming serialises it for ECharts (its `Display` is the same JSON, pretty).
    let option = serde_json::to_string(&option).unwrap_or_default();
    view! {
        <div id=id class="chart" style=style data-testid=testid role="img" aria-label=label data-echart=option></div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::RefCell;

    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// An ECharts instance.
        type Instance;
        #[wasm_bindgen(js_namespace = echarts, js_name = init)]
        fn init(element: &web_sys::Element) -> Instance;
        #[wasm_bindgen(method, js_name = setOption)]
        fn set_option(this: &Instance, option: &JsValue);
        #[wasm_bindgen(method)]
        fn dispose(this: &Instance);
    }

    thread_local! {
        /// The instances drawn so far, with their containers.
        static DRAWN: RefCell<Vec<(web_sys::Element, Instance)>> = const { RefCell::new(Vec::new()) };
    }

    /// Draws every chart container in the document that has not been drawn yet, and
    /// disposes of the instances whose container has left the document (replaced results).
    pub fn draw_charts() {
        let document = leptos::prelude::document();
        // ECharts is a deferred script after the boot module. The boot module does not hold
        // it up (the module's wait for the WASM is asynchronous), nor it the module: with the
        // WASM preloaded, hydration can get here while ECharts is still on its way, in the
        // document's "loading" or "interactive" state alike. Until the page's load event
        // (which waits for every script), draw once the ECharts script has run.
        let window = leptos::prelude::window();
        if !js_sys::Reflect::has(&window, &JsValue::from_str("echarts")).unwrap_or(false) {
            let script = document
                .query_selector(&format!("script[src='{}']", super::ECHARTS_SRC))
                .ok()
                .flatten();
            match script {
                Some(script) if document.ready_state() != "complete" => {
                    let retry = Closure::once_into_js(draw_charts);
                    let _ = script.add_event_listener_with_callback("load", retry.unchecked_ref());
                }
                _ => leptos::logging::error!("ECharts is not loaded: the charts cannot be drawn"),
            }
            return;
        }
        DRAWN.with_borrow_mut(|drawn| {
            drawn.retain(|(element, instance)| {
                let keep = element.is_connected();
                if !keep {
                    instance.dispose();
                }
                keep
            });
            let Ok(containers) =
                document.query_selector_all(&format!("[{}]", super::OPTION_ATTRIBUTE))
            else {
                return;
            };
            for index in 0..containers.length() {
                let Some(element) = containers
                    .item(index)
                    .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
                else {
                    continue;
                };
                if drawn.iter().any(|(e, _)| e == &element) {
                    continue;
                }
                let Some(json) = element.get_attribute(super::OPTION_ATTRIBUTE) else {
                    continue;
                };
                let Ok(option) = js_sys::JSON::parse(&json) else {
                    leptos::logging::error!("chart {} has an unreadable option", element.id());
                    continue;
                };
                let instance = init(&element);
                instance.set_option(&option);
                // The page-load benchmark (BENCHMARKS.md) waits for these marks.
                crate::browser::performance_mark(&format!("dbcost:chart-drawn:{}", element.id()));
                drawn.push((element, instance));
            }
        });
    }
}

/// Draws the page's charts that are not drawn yet (in the browser; a no-op on the server).
pub fn draw_charts() {
    #[cfg(feature = "hydrate")]
    browser::draw_charts();
}
