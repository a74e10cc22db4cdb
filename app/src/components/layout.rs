//! The page shell every page sits in: header with navigation, main area, footer.

use leptos::prelude::*;

/// Header, main content and footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <div class="page">
            <header class="site-header">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"$"</span>
                    <span class="brand-name">"dbcost"</span>
                </a>
                <nav class="site-nav" aria-label="Main">
                    <a href="/">"Calculator"</a>
                    <a href="/prices">"Price tables"</a>
                </nav>
            </header>
            <main class="site-main">{children()}</main>
            <footer class="site-footer">
                <p>
                    "dbcost estimates AWS database costs from a workload and a price table you control. "
                    "Estimates are not quotes: check them against your bill."
                </p>
            </footer>
        </div>
    }
}
