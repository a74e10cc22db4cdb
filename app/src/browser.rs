//! The few things only a browser can do (clipboard, downloads, reading a dropped file), as
//! functions that are no-ops when rendered on the server.

/// Copies `text` to the clipboard (best effort: a denied permission is not an error the user
/// needs to see, the URL is also shown on the page).
pub fn copy_to_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    {
        let clipboard = leptos::prelude::window().navigator().clipboard();
        let _ = clipboard.write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

/// The page's current absolute URL.
pub fn current_url() -> String {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::window()
            .location()
            .href()
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    String::new()
}

/// A `data:` URL holding `content`, for a download link's `href` (no object URL to revoke,
/// and the link's target is readable by scripts and tests).
pub fn data_url(content: &str, mime: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let encoded: String = js_sys::encode_uri_component(content).into();
        Some(format!("data:{mime};charset=utf-8,{encoded}"))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (content, mime);
        None
    }
}

/// Records a User Timing mark named `name` (`performance.mark`), so benchmarks and the
/// browser's own tools can read when the page reached a milestone (hydrated, a chart drawn),
/// in milliseconds since navigation started. No-op on the server.
pub fn performance_mark(name: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(performance) = leptos::prelude::window().performance() {
        let _ = performance.mark(name);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = name;
}

/// Opens the browser's print dialog.
pub fn print() {
    #[cfg(feature = "hydrate")]
    let _ = leptos::prelude::window().print();
}

/// The text of a file the user picked or dropped.
#[cfg(feature = "hydrate")]
pub async fn file_text(file: web_sys::File) -> Result<String, String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|e| format!("{e:?}"))?;
    text.as_string()
        .ok_or_else(|| "the file is not text".to_owned())
}
