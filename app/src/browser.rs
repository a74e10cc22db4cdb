//! The few things only a browser can do (clipboard, downloads, reading a dropped file, a form
//! upload with progress), as functions that are no-ops when rendered on the server.

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

/// The address's query parameter `name` (percent-decoded), read from `window.location`: the
/// islands have no router in the browser, so the calculator reads and writes the address
/// itself. `None` on the server.
pub fn query_param(name: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let search = leptos::prelude::window().location().search().ok()?;
        web_sys::UrlSearchParams::new_with_str(&search)
            .ok()?
            .get(name)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = name;
        None
    }
}

/// The address's path (`/`, `/s/...`). Empty on the server.
pub fn current_path() -> String {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::window()
            .location()
            .pathname()
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    String::new()
}

/// Writes `url` (same origin) into the address bar without loading it: a new history entry
/// when `push`, else in place of the current one. No-op on the server.
pub fn set_address(url: &str, push: bool) {
    #[cfg(feature = "hydrate")]
    if let Ok(history) = leptos::prelude::window().history() {
        let state = wasm_bindgen::JsValue::NULL;
        let _ = if push {
            history.push_state_with_url(&state, "", Some(url))
        } else {
            history.replace_state_with_url(&state, "", Some(url))
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, push);
}

/// Calls `f` whenever the user moves through the history (back, forward): the address then
/// holds another scenario. Never on the server.
pub fn on_history_move(f: impl Fn() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let handle = leptos::prelude::window_event_listener(leptos::ev::popstate, move |_| f());
        // The calculator lives as long as the page.
        std::mem::forget(handle);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = f;
}

/// Shows or hides the element with `id` (its `hidden` attribute), if it is on the page.
pub fn set_hidden(id: &str, hidden: bool) {
    #[cfg(feature = "hydrate")]
    if let Some(element) = leptos::prelude::document().get_element_by_id(id) {
        let _ = if hidden {
            element.set_attribute("hidden", "")
        } else {
            element.remove_attribute("hidden")
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, hidden);
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

/// Runs `f` before the browser paints the next frame (`requestAnimationFrame`), by which time
/// the views being rendered now are in the document. On the server, never.
pub fn after_render(f: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    leptos::prelude::request_animation_frame(f);
    #[cfg(not(feature = "hydrate"))]
    let _ = f;
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

/// An upload in flight: the request and the callbacks it calls. Keep it until the request has
/// ended (dropping it drops the callbacks); `abort` cancels it.
#[cfg(feature = "hydrate")]
pub struct FormUpload {
    xhr: web_sys::XmlHttpRequest,
    _callbacks: Vec<wasm_bindgen::closure::Closure<dyn FnMut(web_sys::ProgressEvent)>>,
}

#[cfg(feature = "hydrate")]
impl FormUpload {
    /// Cancels the request; `on_end` is then called with status 0.
    pub fn abort(&self) {
        let _ = self.xhr.abort();
    }
}

/// POSTs `files` to `url` as a `multipart/form-data` form (one part named `file` per file),
/// through `XMLHttpRequest` because `fetch` reports no upload progress. `on_progress` gets
/// (bytes sent, bytes to send) as the browser sends the body; `on_end` gets the status (0 when
/// no answer came: network error or abort) and the response text.
#[cfg(feature = "hydrate")]
pub fn upload_form(
    url: &str,
    files: &[web_sys::File],
    on_progress: impl Fn(f64, f64) + 'static,
    on_end: impl Fn(u16, String) + 'static,
) -> Result<FormUpload, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let error = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let form = web_sys::FormData::new().map_err(error)?;
    for file in files {
        form.append_with_blob_and_filename("file", file, &file.name())
            .map_err(error)?;
    }
    let xhr = web_sys::XmlHttpRequest::new().map_err(error)?;
    xhr.open("POST", url).map_err(error)?;
    let progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
            if event.length_computable() {
                on_progress(event.loaded(), event.total());
            }
        });
    // The upload listener must be registered before `send`, or no upload events fire.
    xhr.upload()
        .map_err(error)?
        .set_onprogress(Some(progress.as_ref().unchecked_ref()));
    let on_end = std::rc::Rc::new(on_end);
    let answered = {
        let xhr = xhr.clone();
        let on_end = on_end.clone();
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |_| {
            on_end(
                xhr.status().unwrap_or(0),
                xhr.response_text().ok().flatten().unwrap_or_default(),
            );
        })
    };
    let failed =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |_| on_end(0, String::new()));
    xhr.set_onload(Some(answered.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(failed.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(failed.as_ref().unchecked_ref()));
    xhr.send_with_opt_form_data(Some(&form)).map_err(error)?;
    Ok(FormUpload {
        xhr,
        _callbacks: vec![progress, answered, failed],
    })
}
