//! Protection for a server that usually runs at localhost but may sit behind a proxy for a
//! team: a Host allow-list (stops DNS rebinding), cross-origin checks on state-changing
//! requests, security headers with a Content-Security-Policy, and a rate limit on writes.

use std::{
    collections::HashMap,
    net::{IpAddr, SocketAddr},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::Response,
};

use crate::{AppState, error::error_response};

/// The Content-Security-Policy of every response. Pages add a per-response nonce for
/// Leptos's inline hydration and data scripts ([`page_csp`]); everything else gets this one,
/// which allows no script at all.
pub const BASE_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; \
                            object-src 'none'; form-action 'self'";

/// The policy for an HTML page whose inline scripts carry `nonce`: scripts only from this
/// server (and the nonce), WebAssembly allowed to compile, no plugins, no framing, no
/// `<base>`, requests only to this server.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
         form-action 'self'"
    )
}

/// Adds the security headers to every response (a page's CSP, set by the page, is kept).
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(BASE_CSP));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Refuses requests whose Host is not allowed (403): a web page on another origin that
/// re-points its own name at 127.0.0.1 (DNS rebinding) still sends its own name as Host.
pub async fn host_allow_list(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let allowed = &state.settings.allowed_hosts;
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    match host {
        Some(host) if host_is_allowed(host, allowed) => next.run(request).await,
        // HTTP/1.0 without a Host header cannot be a browser's rebinding attack.
        None => next.run(request).await,
        Some(host) => error_response(
            StatusCode::FORBIDDEN,
            "host_not_allowed",
            format!(
                "This server does not answer to the host name {host:?}. Allow it with \
                 --allowed-hosts / DBCOST_ALLOWED_HOSTS."
            ),
            None,
        ),
    }
}

/// True when `host` (with or without a port) names one of `allowed` (`*` allows any).
pub fn host_is_allowed(host: &str, allowed: &[String]) -> bool {
    let name = strip_port(host).to_ascii_lowercase();
    allowed
        .iter()
        .any(|a| a == "*" || a.eq_ignore_ascii_case(&name))
}

fn strip_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        // [::1]:3000 -> ::1
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) && !name.contains(':') => {
            name
        }
        _ => host,
    }
}

/// Refuses state-changing requests (anything but GET, HEAD, OPTIONS) that a browser marks as
/// coming from another site (`Sec-Fetch-Site`), or whose `Origin` is not this server.
/// Clients that send neither header (curl, scripts, the CLI) are not browsers and pass.
pub async fn cross_origin_guard(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    match cross_origin_problem(request.headers()) {
        None => next.run(request).await,
        Some(problem) => {
            error_response(StatusCode::FORBIDDEN, "cross_origin_request", problem, None)
        }
    }
}

/// Why a state-changing request with these headers is refused, if it is.
pub fn cross_origin_problem(headers: &HeaderMap) -> Option<String> {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return (!matches!(site, "same-origin" | "none"))
            .then(|| format!("A page from another site ({site}) may not change data here."));
    }
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())?;
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    (origin == "null" || !origin_host.eq_ignore_ascii_case(host))
        .then(|| format!("Requests from the origin {origin} may not change data here."))
}

/// A token bucket per client for requests that write (saving scenarios, importing tables).
#[derive(Clone, Debug)]
pub struct RateLimiter {
    per_minute: u32,
    burst: u32,
    buckets: Arc<Mutex<HashMap<IpAddr, Bucket>>>,
}

#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    /// `per_minute` writes a minute per client, with bursts of up to `burst`.
    pub fn new(per_minute: u32, burst: u32) -> Self {
        Self {
            per_minute,
            burst: burst.max(1),
            buckets: Arc::default(),
        }
    }

    /// Takes one token for `client`; `Err(wait)` when none is left.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let rate = f64::from(self.per_minute) / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > 10_000 {
            // Forget clients whose buckets have refilled: they are as good as new.
            let burst = f64::from(self.burst);
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * rate < burst);
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: f64::from(self.burst),
            at: now,
        });
        let refilled = bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * rate;
        bucket.tokens = refilled.min(f64::from(self.burst));
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / rate))
        }
    }
}

/// The client a request counts against: the peer address, or, when the peer is a trusted
/// proxy, the last address in `X-Forwarded-For` that is not a trusted proxy. A client cannot
/// pick its own key by sending `X-Forwarded-For` unless it is a trusted proxy.
pub fn client_ip(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    let unknown = IpAddr::from([0, 0, 0, 0]);
    let Some(peer) = peer else { return unknown };
    if !trusted.contains(&peer) {
        return peer;
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    forwarded
        .into_iter()
        .rev()
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
}

/// 429 with `Retry-After` when a client writes faster than the limit.
pub async fn write_rate_limit(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let writes = request.method() == Method::POST
        && matches!(
            request.uri().path(),
            "/api/v1/scenarios" | "/api/v1/price-tables"
        )
        || request
            .uri()
            .path()
            .starts_with("/api/v1/price-tables/import");
    if !writes {
        return next.run(request).await;
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let client = client_ip(peer, request.headers(), &state.settings.trusted_proxies);
    match state.rate_limiter.check(client, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            let seconds = wait.as_secs().max(1);
            let mut response = error_response(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("Too many writes from this client; try again in {seconds} s."),
                None,
            );
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> Vec<String> {
        ["localhost", "127.0.0.1", "::1"].map(String::from).to_vec()
    }

    #[test]
    fn host_allow_list_ignores_ports_and_case() {
        for (host, ok) in [
            ("localhost:3000", true),
            ("LOCALHOST", true),
            ("127.0.0.1:8080", true),
            ("[::1]:3000", true),
            ("evil.example:3000", false),
            ("127.0.0.1.nip.io", false),
            ("localhost.evil.example", false),
        ] {
            assert_eq!(host_is_allowed(host, &hosts()), ok, "{host}");
        }
        assert!(host_is_allowed("anything", &["*".to_owned()]));
    }

    #[test]
    fn cross_site_writes_are_refused_and_scripts_pass() {
        let headers = |pairs: &[(&'static str, &'static str)]| {
            let mut map = HeaderMap::new();
            for (k, v) in pairs {
                map.insert(*k, HeaderValue::from_static(v));
            }
            map
        };
        assert!(
            cross_origin_problem(&headers(&[])).is_none(),
            "curl has neither header"
        );
        assert!(cross_origin_problem(&headers(&[("sec-fetch-site", "same-origin")])).is_none());
        assert!(cross_origin_problem(&headers(&[("sec-fetch-site", "cross-site")])).is_some());
        assert!(cross_origin_problem(&headers(&[("sec-fetch-site", "same-site")])).is_some());
        assert!(
            cross_origin_problem(&headers(&[
                ("origin", "http://localhost:3000"),
                ("host", "localhost:3000")
            ]))
            .is_none()
        );
        assert!(
            cross_origin_problem(&headers(&[
                ("origin", "http://evil.example"),
                ("host", "localhost:3000")
            ]))
            .is_some()
        );
        assert!(cross_origin_problem(&headers(&[("origin", "null"), ("host", "x")])).is_some());
    }

    #[test]
    fn the_bucket_refills_at_the_rate() {
        let limiter = RateLimiter::new(60, 2); // one a second, bursts of two
        let client = IpAddr::from([10, 0, 0, 1]);
        let t0 = Instant::now();
        assert!(limiter.check(client, t0).is_ok());
        assert!(limiter.check(client, t0).is_ok());
        let wait = limiter.check(client, t0).unwrap_err();
        assert!((wait.as_secs_f64() - 1.0).abs() < 1e-6, "{wait:?}");
        assert!(
            limiter.check(IpAddr::from([10, 0, 0, 2]), t0).is_ok(),
            "per client"
        );
        assert!(
            limiter
                .check(client, t0 + Duration::from_millis(1001))
                .is_ok()
        );
    }

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("1.2.3.4, 10.0.0.9"),
        );
        let proxy: IpAddr = "10.0.0.9".parse().unwrap();
        let peer: IpAddr = "192.0.2.7".parse().unwrap();
        // Not a trusted proxy: the header is ignored.
        assert_eq!(client_ip(Some(peer), &headers, &[proxy]), peer);
        // Through the trusted proxy: the last untrusted hop is the client.
        assert_eq!(
            client_ip(Some(proxy), &headers, &[proxy]),
            "1.2.3.4".parse::<IpAddr>().unwrap()
        );
    }
}
