//! The browser harness itself: a navigation that Chromium's renderer never answers.

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use axum::{Router, extract::State, response::Html, routing::get};
use tests::browser::Browser;

/// A page whose script never ends: its renderer answers nothing more.
const HANGS: &str = "<!doctype html><title>hangs</title><script>while (true) {}</script>";

fn page(name: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><title>{name}</title><body data-hydrated=\"true\">\
         <p id=\"name\">{name}</p><script>console.error('logged by {name}')</script>"
    ))
}

/// `/first` and `/after` load; `/flaky` hangs the first time it is asked for and loads after;
/// `/hangs` always hangs.
async fn pages() -> anyhow::Result<(String, Arc<AtomicUsize>)> {
    let flaky_requests = Arc::new(AtomicUsize::new(0));
    let app = Router::new()
        .route("/first", get(|| async { page("first") }))
        .route("/hangs", get(|| async { Html(HANGS) }))
        .route(
            "/flaky",
            get(|State(count): State<Arc<AtomicUsize>>| async move {
                if count.fetch_add(1, Ordering::SeqCst) == 0 {
                    Html(HANGS.to_owned())
                } else {
                    page("flaky")
                }
            }),
        )
        .with_state(flaky_requests.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok((base, flaky_requests))
}

#[tokio::test]
async fn a_hung_navigation_is_tried_once_more_in_a_new_browser_and_a_page_that_never_loads_fails()
-> anyhow::Result<()> {
    let (base, flaky_requests) = pages().await?;
    let browser = Browser::start_with(800, 600, Duration::from_secs(5)).await?;
    browser.open_hydrated(&format!("{base}/first")).await?;
    assert_eq!(
        browser.upload_limit().await?,
        None,
        "no limit to begin with"
    );
    browser.throttle_upload(Some(123_456)).await?;
    assert_eq!(browser.upload_limit().await?, Some(123_456));

    // The first answer hangs the renderer; the harness opens the page again in a new browser,
    // with the hung one's upload limit.
    browser.open_hydrated(&format!("{base}/flaky")).await?;
    assert_eq!(browser.text("#name").await?, "flaky");
    assert_eq!(flaky_requests.load(Ordering::SeqCst), 2, "asked for twice");
    assert_eq!(browser.upload_limit().await?, Some(123_456), "carried over");
    browser.throttle_upload(None).await?;
    assert_eq!(browser.upload_limit().await?, None, "lifted");

    // What the page before the hang logged is still reported, with the new browser's.
    let errors = browser.console_errors().await?;
    assert!(
        errors.iter().any(|e| e.contains("logged by first")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("logged by flaky")),
        "{errors:#?}"
    );
    assert!(
        browser.console_errors().await?.is_empty(),
        "each entry once"
    );

    // A page that hangs every time is not hidden by the retry.
    let error = browser
        .goto(&format!("{base}/hangs"))
        .await
        .expect_err("a page that never loads");
    let message = format!("{error:#}");
    assert!(message.contains("in a new browser"), "{message}");
    assert!(
        message.contains("Timed out receiving message from renderer"),
        "{message}"
    );
    Ok(())
}
