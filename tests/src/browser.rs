//! Headless Chromium through chromedriver (both from Debian), driven with fantoccini.
//!
//! Each [`Browser`] starts its own chromedriver on a free loopback port and a Chromium with a
//! fresh profile and no background networking. Its logs give the console messages and every
//! request the page made, so tests can assert "no console errors" and "nothing left
//! localhost".

use std::{
    io::Write as _,
    process::{Child, Command, Stdio},
    sync::Mutex,
    time::{Duration, Instant},
};

use anyhow::{Context, bail};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

/// A running chromedriver with one Chromium session.
pub struct Browser {
    /// The session; replaced by a new one when a navigation hangs (see [`Browser::goto`]).
    session: Mutex<Session>,
    width: u32,
    height: u32,
    page_load_timeout: Duration,
    /// Log entries (type, entry) read before a navigation, until a caller asks for that type.
    read_ahead: Mutex<Vec<(&'static str, Value)>>,
    /// The upload limit set by [`Browser::throttle_upload`], set again in a new session.
    upload_limit: Mutex<Option<u64>>,
}

/// One chromedriver and the Chromium session it started; dropping it ends both.
struct Session {
    client: Client,
    /// Ends chromedriver and Chromium when the session is dropped.
    _driver: Driver,
    driver_url: String,
    /// Chromedriver's log (warnings and worse), in `_files`.
    driver_log: std::path::PathBuf,
    /// The log and Chromium's profile, removed with the session.
    _files: tempfile::TempDir,
}

/// How long a navigation may take to reach its load event. A debug server rendering a link
/// with ranges while other tests run takes seconds; chromedriver's own default is 300 s.
pub const PAGE_LOAD_TIMEOUT: Duration = Duration::from_secs(120);

impl Browser {
    /// Starts chromedriver and a headless Chromium whose window is `width` x `height`.
    pub async fn start(width: u32, height: u32) -> anyhow::Result<Self> {
        Self::start_with(width, height, PAGE_LOAD_TIMEOUT).await
    }

    /// Like [`Browser::start`], with navigations given up after `page_load_timeout`.
    pub async fn start_with(
        width: u32,
        height: u32,
        page_load_timeout: Duration,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            session: Mutex::new(Session::start(width, height, page_load_timeout).await?),
            width,
            height,
            page_load_timeout,
            read_ahead: Mutex::default(),
            upload_limit: Mutex::default(),
        })
    }

    /// The WebDriver client of the current session.
    pub fn client(&self) -> Client {
        lock(&self.session).client.clone()
    }

    /// Navigates to `url` and waits until the app has hydrated (`body[data-hydrated]`).
    pub async fn open_hydrated(&self, url: &str) -> anyhow::Result<()> {
        self.goto(url).await?;
        self.client()
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("body[data-hydrated='true']"))
            .await
            .context("the page did not hydrate within 20 s")?;
        Ok(())
    }

    /// Navigates to `url` and waits for its load event, at most [`PAGE_LOAD_TIMEOUT`] (or the
    /// browser's own timeout).
    ///
    /// Headless Chromium on a busy two-core machine has, once in many runs, left a navigation
    /// without an answer from its renderer until chromedriver gave up (`Timed out receiving
    /// message from renderer`), on a page that loads in well under a second every other time.
    /// That session answers nothing afterwards (no new tab, no log), so after a timeout
    /// (chromedriver's, or this harness's own at the page-load timeout plus 10 s) the
    /// navigation is tried once more in a new browser of the same size, with the same upload
    /// limit ([`Browser::throttle_upload`]). The logs of the earlier pages are read before
    /// each navigation and kept, so [`Browser::console_errors`] and [`Browser::requested_urls`]
    /// still cover them; the hung page's own are lost. A page that never loads fails both
    /// times, and the error quotes chromedriver's warnings.
    pub async fn goto(&self, url: &str) -> anyhow::Result<()> {
        for kind in ["browser", "performance"] {
            let entries = self
                .fetch_log(kind)
                .await
                .with_context(|| format!("reading the {kind} log before opening {url}"))?;
            lock(&self.read_ahead).extend(entries.into_iter().map(|entry| (kind, entry)));
        }
        let first = match self.bounded_goto(url).await {
            Ok(()) => return Ok(()),
            Err(Navigation::Failed(error)) => {
                return Err(error).with_context(|| format!("opening {url}"));
            }
            Err(Navigation::TimedOut(why)) => why,
        };
        // Straight to the process's stderr, past the test harness's capture: a retry shows in
        // the test run's output even when the test then passes.
        let _ = writeln!(
            std::io::stderr(),
            "browser: opening {url} timed out ({first}); trying once more in a new browser. \
             chromedriver's warnings:\n{}",
            lock(&self.session).log_tail()
        );
        let fresh = Session::start(self.width, self.height, self.page_load_timeout)
            .await
            .with_context(|| format!("starting a new browser after opening {url} timed out"))?;
        let hung = std::mem::replace(&mut *lock(&self.session), fresh);
        drop(hung);
        let upload_limit = *lock(&self.upload_limit);
        if upload_limit.is_some() {
            self.network_conditions(upload_limit)
                .await
                .context("limiting the new browser's uploads as the hung one's were")?;
        }
        let second = match self.bounded_goto(url).await {
            Ok(()) => return Ok(()),
            Err(Navigation::Failed(error)) => error.to_string(),
            Err(Navigation::TimedOut(why)) => why,
        };
        bail!(
            "opening {url} in a new browser: {second} (the first time: {first}); \
             chromedriver's warnings:\n{}",
            lock(&self.session).log_tail()
        )
    }

    /// One navigation to `url`. chromedriver gives up after the page-load timeout, but not
    /// once network conditions have been set in the session (even lifted since): then it
    /// waits on a hung renderer for good. So the wait is bounded here too, 10 s later.
    async fn bounded_goto(&self, url: &str) -> Result<(), Navigation> {
        let limit = self.page_load_timeout + Duration::from_secs(10);
        match tokio::time::timeout(limit, self.client().goto(url)).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) if error.is_timeout() => Err(Navigation::TimedOut(error.to_string())),
            Ok(Err(error)) => Err(Navigation::Failed(error)),
            Err(_) => Err(Navigation::TimedOut(format!(
                "no answer from chromedriver in {} s",
                limit.as_secs()
            ))),
        }
    }

    /// Limits how fast the page may send (chromedriver's network conditions), so a test can
    /// see an upload in progress; `None` lifts the limit.
    pub async fn throttle_upload(&self, bytes_per_second: Option<u64>) -> anyhow::Result<()> {
        self.network_conditions(bytes_per_second).await?;
        *lock(&self.upload_limit) = bytes_per_second;
        Ok(())
    }

    /// The upload limit chromedriver reports for the current session, in bytes per second;
    /// `None` when no network conditions are set.
    pub async fn upload_limit(&self) -> anyhow::Result<Option<u64>> {
        let response = reqwest::Client::new()
            .get(self.session_url("chromium/network_conditions").await?)
            .send()
            .await?;
        let success = response.status().is_success();
        let body: Value = response.json().await?;
        if success {
            return Ok(body["value"]["upload_throughput"].as_u64());
        }
        // chromedriver answers an error when no conditions are set.
        let message = body["value"]["message"].as_str().unwrap_or_default();
        if message.contains("must be set") {
            return Ok(None);
        }
        bail!("chromedriver did not give the network conditions: {body}")
    }

    /// `path` of the current session at chromedriver, for the endpoints fantoccini lacks.
    async fn session_url(&self, path: &str) -> anyhow::Result<String> {
        let session = self
            .client()
            .session_id()
            .await?
            .context("no WebDriver session")?;
        Ok(format!(
            "{}/session/{session}/{path}",
            lock(&self.session).driver_url
        ))
    }

    /// Sets chromedriver's network conditions for the current session: uploads limited to
    /// `bytes_per_second`, or no conditions for `None`.
    async fn network_conditions(&self, bytes_per_second: Option<u64>) -> anyhow::Result<()> {
        let url = self.session_url("chromium/network_conditions").await?;
        let http = reqwest::Client::new();
        let response = match bytes_per_second {
            Some(rate) => {
                http.post(&url)
                    .json(&json!({ "network_conditions": {
                        "offline": false, "latency": 0,
                        "download_throughput": 1_000_000_000u64, "upload_throughput": rate,
                    } }))
                    .send()
                    .await?
            }
            None => http.delete(&url).send().await?,
        };
        if !response.status().is_success() {
            bail!(
                "chromedriver refused network conditions: {}",
                response.text().await?
            );
        }
        Ok(())
    }

    /// Waits until `script` (a JS expression) is truthy, or fails after `timeout`.
    pub async fn wait_until(&self, script: &str, timeout: Duration) -> anyhow::Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self
                .client()
                .execute(&format!("return !!({script});"), vec![])
                .await?;
            if value == Value::Bool(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("timed out after {timeout:?} waiting for `{script}`");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until each of the calculator's three charts is drawn (ECharts' canvas in its
    /// container), `timeout` for each.
    pub async fn wait_for_charts(&self, timeout: Duration) -> anyhow::Result<()> {
        for chart in ["chart-breakdown", "chart-scale", "chart-capacity"] {
            self.wait_until(
                &format!("document.querySelector('#{chart} canvas')"),
                timeout,
            )
            .await?;
        }
        Ok(())
    }

    /// Text content of the element matching `css`.
    pub async fn text(&self, css: &str) -> anyhow::Result<String> {
        let element = self
            .client()
            .find(Locator::Css(css))
            .await
            .with_context(|| css.to_owned())?;
        Ok(element.text().await?)
    }

    /// Runs `script` (a function body that `return`s) and gives its value.
    pub async fn js(&self, script: &str) -> anyhow::Result<Value> {
        Ok(self.client().execute(script, vec![]).await?)
    }

    /// The attribute `attr` of every element matching `css`, in document order.
    pub async fn attrs(&self, css: &str, attr: &str) -> anyhow::Result<Vec<String>> {
        let value = self
            .js(&format!(
                "return Array.from(document.querySelectorAll({css:?})).map(e => e.getAttribute({attr:?}) || '');"
            ))
            .await?;
        Ok(serde_json::from_value(value)?)
    }

    /// Clicks the first element matching `css`.
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        self.client()
            .find(Locator::Css(css))
            .await
            .with_context(|| css.to_owned())?
            .click()
            .await
            .with_context(|| format!("clicking {css}"))?;
        Ok(())
    }

    /// Replaces the text of the input matching `css` with `text`, as typed keys.
    pub async fn type_into(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let input = self
            .client()
            .find(Locator::Css(css))
            .await
            .with_context(|| css.to_owned())?;
        input.clear().await?;
        input.send_keys(text).await?;
        Ok(())
    }

    /// Waits until the calculator's comparison table shows exactly `expected` (see
    /// [`expected_numbers`]).
    pub async fn wait_for_numbers(&self, expected: &[String]) -> anyhow::Result<()> {
        let want = serde_json::to_string(&serde_json::to_string(expected)?)?;
        let script = format!(
            "JSON.stringify(Array.from(document.querySelectorAll('[data-testid=option-row]'))\
             .map(r => r.dataset.optionId + '=' + r.querySelector('[data-testid=option-monthly]').dataset.value)\
             .sort()) === {want}"
        );
        self.wait_until(&script, Duration::from_secs(15)).await
    }

    /// Browser console entries at level SEVERE (errors) since the last call.
    pub async fn console_errors(&self) -> anyhow::Result<Vec<String>> {
        Ok(self
            .log("browser")
            .await?
            .into_iter()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
            .collect())
    }

    /// Like [`Browser::console_errors`], without the browser's own "Failed to load resource"
    /// entries for the answers a test provoked on purpose: each of `expected` is a
    /// `(path, status)`, e.g. `("/api/v1/estimate", 422)`.
    pub async fn unexpected_console_errors(
        &self,
        expected: &[(&str, u16)],
    ) -> anyhow::Result<Vec<String>> {
        Ok(self
            .console_errors()
            .await?
            .into_iter()
            .filter(|message| {
                // "<url> - Failed to load resource: ... status of 422 (...)": `path` is the
                // end of the URL, with or without its query string.
                let Some((before, _)) = message.split_once(" - Failed to load resource") else {
                    return true;
                };
                let url = before.rsplit(' ').next().unwrap_or(before);
                let without_query = url.split('?').next().unwrap_or(url);
                !expected.iter().any(|(path, status)| {
                    (url.ends_with(path) || without_query.ends_with(path))
                        && message.contains(&format!("status of {status} "))
                })
            })
            .collect())
    }

    /// Every URL the page requested since the last call (from the DevTools network log).
    pub async fn requested_urls(&self) -> anyhow::Result<Vec<String>> {
        let mut urls = Vec::new();
        for entry in self.log("performance").await? {
            let Some(message) = entry["message"].as_str() else {
                continue;
            };
            let Ok(message) = serde_json::from_str::<Value>(message) else {
                continue;
            };
            let event = &message["message"];
            if event["method"] == "Network.requestWillBeSent"
                && let Some(url) = event["params"]["request"]["url"].as_str()
            {
                urls.push(url.to_owned());
            }
        }
        Ok(urls)
    }

    /// Saves a PNG screenshot of the viewport.
    pub async fn screenshot(&self, path: &std::path::Path) -> anyhow::Result<()> {
        let png = self.client().screenshot().await?;
        std::fs::write(path, png).with_context(|| format!("writing {}", path.display()))
    }

    /// The entries of log `kind` since the last call: those read ahead of a navigation,
    /// then the current session's.
    async fn log(&self, kind: &'static str) -> anyhow::Result<Vec<Value>> {
        let mut entries: Vec<Value> = Vec::new();
        lock(&self.read_ahead).retain(|(k, entry)| {
            if *k == kind {
                entries.push(entry.clone());
            }
            *k != kind
        });
        entries.extend(self.fetch_log(kind).await?);
        Ok(entries)
    }

    /// Chromedriver's legacy log endpoint (still served by chromedriver in W3C mode), which
    /// gives each entry once.
    async fn fetch_log(&self, kind: &str) -> anyhow::Result<Vec<Value>> {
        let url = self.session_url("se/log").await?;
        // A hung session does not answer this either.
        let response: Value = reqwest::Client::new()
            .post(&url)
            .timeout(Duration::from_secs(30))
            .json(&json!({ "type": kind }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(response["value"].as_array().cloned().unwrap_or_default())
    }

    /// Ends the session and chromedriver.
    pub async fn close(self) -> anyhow::Result<()> {
        let session = self
            .session
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        session
            .client
            .clone()
            .close()
            .await
            .context("closing the browser")
    }
}

impl Session {
    /// Starts chromedriver and a headless Chromium whose window is `width` x `height`.
    async fn start(width: u32, height: u32, page_load_timeout: Duration) -> anyhow::Result<Self> {
        let port = free_port()?;
        let files = tempfile::tempdir().context("creating a folder for Chromium's profile")?;
        let driver_log = files.path().join("chromedriver.log");
        let profile = files.path().join("profile");
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .arg(format!("--log-path={}", driver_log.display()))
            .arg("--log-level=WARNING")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting chromedriver (cargo xtask test installs it)")?;
        let driver_url = format!("http://127.0.0.1:{port}");
        let driver = Driver(driver);
        wait_for_driver(&driver_url).await?;

        let args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            // Every browser is a foreground window to Chromium, whatever else runs: no
            // throttled timers or deprioritised renderers in a test that shares the machine.
            "--disable-background-timer-throttling".to_owned(),
            "--disable-backgrounding-occluded-windows".to_owned(),
            "--disable-renderer-backgrounding".to_owned(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.display()),
        ];
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium_binary(),
                "args": args,
                // Headless Chromium will not make a window narrower than ~500 px; device
                // metrics give the page the exact viewport asked for (a 390 px phone too).
                "mobileEmulation": { "deviceMetrics": {
                    "width": width, "height": height, "pixelRatio": 1.0,
                    "mobile": width < 600, "touch": width < 600,
                } },
            }),
        );
        caps.insert(
            "timeouts".into(),
            json!({ "pageLoad": page_load_timeout.as_millis() as u64 }),
        );
        caps.insert(
            "goog:loggingPrefs".into(),
            json!({ "browser": "ALL", "performance": "ALL" }),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&driver_url)
            .await
            .context("opening a Chromium session through chromedriver")?;
        Ok(Self {
            client,
            _driver: driver,
            driver_url,
            driver_log,
            _files: files,
        })
    }

    /// The last lines of chromedriver's log (warnings and worse).
    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.driver_log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

/// Why [`Browser::bounded_goto`] did not reach the page's load event.
enum Navigation {
    /// The page did not load in time (chromedriver's words, or the harness's own bound).
    TimedOut(String),
    /// chromedriver refused the navigation.
    Failed(fantoccini::error::CmdError),
}

/// Locks `mutex`, whether or not a panicking test poisoned it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A running chromedriver; dropping it ends chromedriver and every Chromium process below it.
/// Those outlive chromedriver, so a test that fails before [`Browser::close`], a hung session
/// replaced, or a session that failed to start would otherwise leave a browser running.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        kill(&descendants(self.0.id()));
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The processes below `root` (children, their children, ...), from `/proc`.
fn descendants(root: u32) -> Vec<u32> {
    let mut parents = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        // `pid (comm) state ppid ...`; comm may hold spaces, so read after its last ')'.
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        if let Some(ppid) = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|ppid| ppid.parse::<u32>().ok())
        {
            parents.push((pid, ppid));
        }
    }
    let mut family = vec![root];
    let mut index = 0;
    while let Some(&parent) = family.get(index) {
        family.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        index += 1;
    }
    family.split_off(1)
}

/// Sends SIGKILL to `pids`, if any.
fn kill(pids: &[u32]) {
    if !pids.is_empty() {
        let _ = Command::new("kill")
            .arg("-KILL")
            .args(pids.iter().map(u32::to_string))
            .stderr(Stdio::null())
            .status();
    }
}

fn chromium_binary() -> &'static str {
    if std::path::Path::new("/usr/bin/chromium").exists() {
        "/usr/bin/chromium"
    } else {
        "chromium"
    }
}

fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

async fn wait_for_driver(url: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    let client = reqwest::Client::new();
    loop {
        if let Ok(response) = client.get(format!("{url}/status")).send().await
            && response.status().is_success()
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("chromedriver did not answer at {url} within 15 s");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// True when `url` is a network request to another machine: an http(s) or ws(s) URL whose
/// host is not loopback. Browser-internal schemes (`chrome://`, `data:`, `blob:`, `about:`)
/// never touch the network.
pub fn leaves_machine(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    if !matches!(scheme, "http" | "https" | "ws" | "wss" | "ftp") {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    let loopback = host
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback());
    !(loopback || host == "localhost")
}

#[cfg(test)]
mod tests {
    use super::leaves_machine;

    #[test]
    fn only_remote_network_urls_leave_the_machine() {
        for (url, leaves) in [
            ("http://127.0.0.1:3000/pkg/dbcost.wasm", false),
            ("http://localhost:3000/", false),
            ("http://[::1]:3000/", false),
            ("chrome://new-tab-page/", false),
            ("data:image/png;base64,AAAA", false),
            ("https://cdn.jsdelivr.net/npm/echarts", true),
            ("http://10.0.0.1/", true),
            ("wss://example.com/socket", true),
            ("http://user@127.evil.com/", true),
        ] {
            assert_eq!(leaves_machine(url), leaves, "{url}");
        }
    }
}

/// `id=monthly` for every option the API at `base_url` prices `scenario` with, sorted: what
/// the calculator's table must show for it (`data-option-id` and `data-value`).
pub async fn expected_numbers(base_url: &str, scenario: Value) -> anyhow::Result<Vec<String>> {
    let body: Value = reqwest::Client::new()
        .post(format!("{base_url}/api/v1/estimate"))
        .json(&json!({ "scenario": scenario }))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let mut out: Vec<String> = body["options"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|o| {
            format!(
                "{}={}",
                o["id"].as_str().unwrap_or_default(),
                o["monthly"].as_str().unwrap_or_default()
            )
        })
        .collect();
    out.sort();
    Ok(out)
}

/// A decimal string (`"123.4500"`, `"-0.5"`) as an integer count of 10^-28 (`rust_decimal`'s finest step), so that money
/// from the page can be added up exactly (no floats).
pub fn decimal_units(text: &str) -> anyhow::Result<i128> {
    const SCALE: u32 = 28;
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    anyhow::ensure!(
        !whole.is_empty() && fraction.len() <= SCALE as usize,
        "not a decimal: {text:?}"
    );
    let whole: i128 = whole
        .parse()
        .with_context(|| format!("not a decimal: {text:?}"))?;
    let mut fraction_units: i128 = 0;
    if !fraction.is_empty() {
        fraction_units = fraction
            .parse::<i128>()
            .with_context(|| format!("not a decimal: {text:?}"))?
            * 10_i128.pow(SCALE - fraction.len() as u32);
    }
    let units = whole * 10_i128.pow(SCALE) + fraction_units;
    Ok(if negative { -units } else { units })
}

#[cfg(test)]
mod decimal_tests {
    use super::decimal_units;

    #[test]
    fn decimals_become_exact_units() {
        assert_eq!(decimal_units("1").unwrap(), 10_i128.pow(28));
        assert_eq!(
            decimal_units("0.5").unwrap() * 2,
            decimal_units("1.0").unwrap()
        );
        assert_eq!(
            decimal_units("-2.25").unwrap(),
            -decimal_units("2.25").unwrap()
        );
        assert!(decimal_units("abc").is_err());
    }
}
