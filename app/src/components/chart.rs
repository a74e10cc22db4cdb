//! Charts: a container the server renders, filled in the browser by ECharts through
//! charming's WASM renderer.
//!
//! The chart option is built by a plain function (testable on the host); the component only
//! owns the DOM node and calls the renderer after hydration.

use charming::Chart;
use leptos::prelude::*;

/// A chart container. `option` is a charming [`Chart`] derived from the current data; the chart is
/// drawn once hydrated and updated whenever the signals `option` reads change.
#[component]
pub fn EChart(
    /// The DOM id of the container (must be unique on the page).
    id: &'static str,
    /// `data-testid` for tests.
    testid: &'static str,
    /// Accessible description of what the chart shows.
    label: Signal<String>,
    /// The chart option, built from reactive data.
    option: Signal<Chart>,
    /// Height in px, when not the stylesheet's.
    #[prop(optional)]
    height: Option<u32>,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        use charming::{Echarts, WasmRenderer};
        let instance = StoredValue::new_local(None::<Echarts>);
        Effect::new(move |_| {
            let chart = option.get();
            instance.update_value(|slot| match slot {
                Some(echarts) => WasmRenderer::update(echarts, &chart),
                None => match WasmRenderer::new_opt(None, None).render(id, &chart) {
                    Ok(echarts) => {
                        *slot = Some(echarts);
                        // The page-load benchmark (BENCHMARKS.md) waits for these marks.
                        crate::browser::performance_mark(&format!("dbcost:chart-drawn:{id}"));
                    }
                    Err(error) => leptos::logging::error!("chart {id} failed: {error:?}"),
                },
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = option;
    let style = height.map(|h| format!("height: {h}px"));
    view! { <div id=id class="chart" style=style data-testid=testid role="img" aria-label=label></div> }
}
