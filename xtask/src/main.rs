//! Build and test automation for dbcost, run as `cargo xtask <command>`.
//!
//! - `cargo xtask run`: installs what is missing (the wasm32 target, the pinned
//!   `wasm-bindgen-cli`, the npm assets), builds the site and the server in release mode and
//!   serves the app at http://localhost:3000.
//! - `cargo xtask test`: the same installs plus Chromium and chromedriver, then fmt, clippy
//!   and every test (unit, integration, browser end-to-end).
//! - `cargo xtask build-site [--dev]`: only the browser bundle, into `target/site/pkg`.
//! - `cargo xtask fuzz [TARGET...]`: the pinned `cargo-fuzz`, then each fuzz target in `tests/fuzz/`
//!   for `DBCOST_FUZZ_SECONDS` (default 60) seconds; `cargo xtask test` runs it too.
//! - `cargo xtask api-check`: schemathesis (pinned, from PyPI, in a venv under `target/`)
//!   against the server's `/api/v1/openapi.json` with every check; `cargo xtask test` runs it too.
//!
//! Everything comes from crates.io, npm and Debian's packages: no step downloads a prebuilt
//! binary from anywhere else. Each step says what it runs.

use std::{
    ffi::OsStr,
    fs,
    io::Write,
    path::{Path, PathBuf},
    process::{Command, ExitCode},
    time::Instant,
};

use anyhow::{Context, Result, bail};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The site the server serves, below the target folder; `pkg/` below it holds the bundle,
/// CSS and ECharts.
const SITE_DIR: &str = "site";
/// The pinned ECharts version (charming 0.6 is written against it); see package.json.
const ECHARTS_VERSION: &str = "5.5.1";
/// ECharts' "common" build: line, bar, pie and scatter with the usual components (grid,
/// tooltip, legend, mark points and lines, data zoom): all our charts use, a third smaller
/// than the full build.
const ECHARTS_BUILD: &str = "node_modules/echarts/dist/echarts.common.min.js";
/// Budget for the app's WASM, gzip-compressed (BENCHMARKS.md).
const WASM_BUDGET_GZ: u64 = 350 * 1024;
/// Budget for everything the page loads (WASM, JS, CSS, ECharts), gzip-compressed.
const PAGE_BUDGET_GZ: u64 = 700 * 1024;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(&args[1..]),
        Some("fuzz") => root().and_then(|root| fuzz(&root, &args[1..])),
        Some("api-check") => root().and_then(|root| api_schema_check(&root)),
        Some("build-site") => {
            let profile = if args.iter().any(|a| a == "--dev") {
                Profile::Dev
            } else {
                Profile::Release
            };
            root().and_then(|root| {
                install_build_tools(&root)?;
                build_site(&root, profile).map(drop)
            })
        }
        _ => {
            eprintln!(
                "usage: cargo xtask <run|test|build-site [--dev]|fuzz [TARGET...]|api-check>\n\n  \
                 run         install what is missing, build in release mode, serve at http://localhost:3000\n  \
                 test        install what is missing (plus Chromium), run fmt, clippy and every test\n  \
                 build-site  build only the browser bundle into target/{SITE_DIR}/pkg\n  \
                 fuzz        run the fuzz targets (all, or those named) for DBCOST_FUZZ_SECONDS each\n  \
                 api-check   run schemathesis against the API's OpenAPI document"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Profile {
    Dev,
    Release,
}

/// `cargo xtask run`: build everything in release mode and serve.
fn run(extra: &[String]) -> Result<()> {
    let root = root()?;
    install_build_tools(&root)?;
    build_site(&root, Profile::Release)?;
    step("building the server (release)");
    cargo(&root, &["build", "--package", "server", "--release"])?;
    let binary = target_dir(&root).join("release/dbcost");
    step("serving (Ctrl-C stops)");
    let mut command = Command::new(&binary);
    command.current_dir(&root).arg("serve").args(extra);
    if std::env::var_os("DBCOST_SITE_ROOT").is_none() {
        command.env("DBCOST_SITE_ROOT", target_dir(&root).join(SITE_DIR));
    }
    if std::env::var_os("DBCOST_ADDR").is_none() {
        eprintln!("xtask: open http://localhost:3000");
    }
    status(&mut command)
}

/// `cargo xtask test`: every check CI runs.
fn test(extra: &[String]) -> Result<()> {
    let root = root()?;
    let started = Instant::now();
    install_build_tools(&root)?;
    install_chromium()?;

    step("cargo fmt --check");
    cargo(&root, &["fmt", "--all", "--", "--check"])?;

    step("clippy (host, every crate and target)");
    cargo(
        &root,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    )?;
    step("clippy (the app as WASM, feature hydrate)");
    cargo(
        &root,
        &[
            "clippy",
            "--package",
            "app",
            "--lib",
            "--target",
            WASM_TARGET,
            "--no-default-features",
            "--features",
            "hydrate",
            "--profile",
            "wasm-release",
            "--",
            "-D",
            "warnings",
        ],
    )?;

    // A release bundle over its budget (BENCHMARKS.md) fails the run.
    build_site(&root, Profile::Release)?.check_budgets()?;

    if std::env::var_os("TEST_DATABASE_URL").is_none() {
        eprintln!(
            "\nxtask: NOTE: TEST_DATABASE_URL is not set, so the PostgreSQL tests will NOT run;\n\
             xtask: only SQLite is tested. `bash .ci/run` sets it.\n"
        );
    }
    step("cargo test (unit, integration, browser end-to-end)");
    let mut command = Command::new(cargo_bin());
    command
        .current_dir(&root)
        // --no-fail-fast: one failing crate must not hide the others' results.
        .args(["test", "--workspace", "--all-targets", "--no-fail-fast"])
        .args(extra)
        .env("DBCOST_TEST_SITE_ROOT", target_dir(&root).join(SITE_DIR));
    status(&mut command)?;

    fuzz(&root, &[])?;
    api_schema_check(&root)?;
    eprintln!("xtask: all checks passed in {:.0?}", started.elapsed());
    Ok(())
}

/// The wasm32 target, the wasm-bindgen CLI matching Cargo.lock, and the npm assets.
fn install_build_tools(root: &Path) -> Result<()> {
    let installed =
        output(
            Command::new("rustup")
                .current_dir(root)
                .args(["target", "list", "--installed"]),
        )
        .context("running rustup (dbcost builds with rustup's toolchain)")?;
    if !installed.lines().any(|l| l.trim() == WASM_TARGET) {
        step("installing the wasm32-unknown-unknown target");
        status(
            Command::new("rustup")
                .current_dir(root)
                .args(["target", "add", WASM_TARGET]),
        )?;
    }

    let wanted = locked_version(root, "wasm-bindgen")?;
    let have = wasm_bindgen_path()
        .and_then(|path| output(Command::new(path).arg("--version")).ok())
        .unwrap_or_default();
    if have.split_whitespace().nth(1) != Some(wanted.as_str()) {
        step(&format!(
            "installing wasm-bindgen-cli {wanted} (matches Cargo.lock)"
        ));
        // Not `--locked`: the CLI's own lockfile names a crate version the registry lacks.
        cargo(root, &["install", "wasm-bindgen-cli", "--version", &wanted])?;
    }

    let echarts = root.join("node_modules/echarts/package.json");
    let echarts_ok = fs::read_to_string(&echarts)
        .map(|text| text.contains(&format!("\"version\": \"{ECHARTS_VERSION}\"")))
        .unwrap_or(false);
    if !echarts_ok || !root.join("node_modules/.bin/wasm-opt").exists() {
        step("installing npm assets (echarts, binaryen) from package-lock.json");
        status(Command::new("npm").current_dir(root).args([
            "ci",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ]))
        .context("npm ci (is Node.js installed?)")?;
    }
    Ok(())
}

/// The cargo-fuzz release `cargo xtask fuzz` installs from crates.io.
const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// Seconds each fuzz target runs for unless `DBCOST_FUZZ_SECONDS` says otherwise.
const FUZZ_SECONDS_DEFAULT: u64 = 60;
/// libFuzzer's memory ceiling: an input that makes a target allocate more (in one allocation
/// or in total) is a crash.
const FUZZ_RSS_LIMIT_MB: u32 = 512;
/// The largest single allocation a fuzz target may make.
const FUZZ_MALLOC_LIMIT_MB: u32 = 64;

/// A fuzz target in `tests/fuzz/fuzz_targets/`, the longest input it is given and the folders of
/// committed inputs it starts from (read only; what it finds goes to `tests/fuzz/corpus/NAME`).
struct FuzzTarget {
    name: &'static str,
    max_len: u32,
    seeds: &'static [&'static str],
}

const FUZZ_TARGETS: [FuzzTarget; 3] = [
    // The bundled snapshots are 15 and 32 KB.
    FuzzTarget {
        name: "price_table",
        max_len: 64 * 1024,
        seeds: &["tests/fuzz/seeds/price_table", "pricing-data/snapshots"],
    },
    // Small offer files, plus the importer's test fixtures (cut at max_len).
    FuzzTarget {
        name: "aws_offer",
        max_len: 64 * 1024,
        seeds: &[
            "tests/fuzz/seeds/aws_offer",
            "pricing-data/testdata/aws-offers",
        ],
    },
    // A share payload is refused past 16 KiB; a little more reaches that check.
    FuzzTarget {
        name: "share_link",
        max_len: 20 * 1024,
        seeds: &["tests/fuzz/seeds/share_link"],
    },
];

/// `cargo xtask fuzz [TARGET...]`, also the last step of `cargo xtask test`: builds the fuzz
/// targets with cargo-fuzz (address sanitizer, debug assertions) and runs each for
/// `DBCOST_FUZZ_SECONDS` seconds (0 skips fuzzing). Any crash, failed assertion, leak, hang
/// or allocation over the memory limit fails the command; the input is saved in
/// `tests/fuzz/artifacts/TARGET/`.
///
/// cargo-fuzz needs unstable compiler flags (`-Zsanitizer`); the toolchain is stable, so the
/// build sets `RUSTC_BOOTSTRAP=1`, which lets stable rustc accept them. Stable ships the
/// address-sanitizer runtime, so the default sanitizer works.
fn fuzz(root: &Path, only: &[String]) -> Result<()> {
    let seconds: u64 = env_number("DBCOST_FUZZ_SECONDS", FUZZ_SECONDS_DEFAULT)?;
    if let Some(unknown) = only
        .iter()
        .find(|name| !FUZZ_TARGETS.iter().any(|t| t.name == name.as_str()))
    {
        bail!("no fuzz target {unknown:?}; they are price_table, aws_offer and share_link");
    }
    if seconds == 0 {
        eprintln!("\nxtask: NOTE: DBCOST_FUZZ_SECONDS=0, so the fuzz targets did NOT run.\n");
        return Ok(());
    }
    install_cargo_fuzz(root)?;
    let fuzz_dir = root.join("tests").join("fuzz");
    step("cargo fmt --check (fuzz targets)");
    status(
        Command::new(cargo_bin())
            .current_dir(&fuzz_dir)
            .args(["fmt", "--", "--check"]),
    )?;
    step("building the fuzz targets (cargo fuzz build, address sanitizer)");
    status(
        Command::new(cargo_bin())
            .current_dir(root)
            .args(["fuzz", "build", "--debug-assertions", "--fuzz-dir"])
            .arg(&fuzz_dir)
            .env("RUSTC_BOOTSTRAP", "1"),
    )?;
    let mut failed = Vec::new();
    for target in FUZZ_TARGETS
        .iter()
        .filter(|t| only.is_empty() || only.iter().any(|name| name == t.name))
    {
        step(&format!("fuzzing {} for {seconds} s", target.name));
        let corpus = fuzz_dir.join("corpus").join(target.name);
        fs::create_dir_all(&corpus).with_context(|| format!("creating {}", corpus.display()))?;
        let mut command = Command::new(cargo_bin());
        command
            .current_dir(root)
            .args(["fuzz", "run", "--debug-assertions", "--fuzz-dir"])
            .arg(&fuzz_dir)
            .arg(target.name)
            .arg(&corpus)
            .args(target.seeds.iter().map(|dir| root.join(dir)))
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg(format!("-rss_limit_mb={FUZZ_RSS_LIMIT_MB}"))
            // No single allocation may be larger: inputs are at most 64 KiB.
            .arg(format!("-malloc_limit_mb={FUZZ_MALLOC_LIMIT_MB}"))
            .arg(format!("-max_len={}", target.max_len))
            // One input that takes this long is a hang.
            .arg("-timeout=30")
            .arg("-print_final_stats=1")
            .env("RUSTC_BOOTSTRAP", "1");
        if std::env::var_os("ASAN_OPTIONS").is_none() {
            // The sanitizer's allocator keeps freed memory (a 256 MB quarantine, per-size
            // caches) unless told otherwise: with a corpus of offer files the RSS passed 512 MB
            // while 38 MB were live. Releasing it makes the RSS limit measure our memory.
            command.env(
                "ASAN_OPTIONS",
                "allocator_release_to_os_interval_ms=100:quarantine_size_mb=16",
            );
        }
        if let Err(error) = status(&mut command) {
            eprintln!("xtask: fuzz target {} FAILED: {error:#}", target.name);
            failed.push(target.name);
        }
    }
    if !failed.is_empty() {
        bail!(
            "fuzz target(s) {} failed; the inputs are in tests/fuzz/artifacts/ (replay one with `RUSTC_BOOTSTRAP=1 \
             cargo fuzz run --fuzz-dir tests/fuzz TARGET tests/fuzz/artifacts/TARGET/FILE`)",
            failed.join(", ")
        );
    }
    Ok(())
}

/// The pinned cargo-fuzz from crates.io, unless that version is already installed.
fn install_cargo_fuzz(root: &Path) -> Result<()> {
    let have = output(Command::new(cargo_bin()).args(["fuzz", "--version"])).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(CARGO_FUZZ_VERSION) {
        return Ok(());
    }
    step(&format!("installing cargo-fuzz {CARGO_FUZZ_VERSION}"));
    cargo(
        root,
        &[
            "install",
            "--locked",
            "cargo-fuzz",
            "--version",
            CARGO_FUZZ_VERSION,
        ],
    )
}

/// The schemathesis release `cargo xtask api-check` installs from PyPI.
const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// Test cases per API operation and phase unless `DBCOST_SCHEMATHESIS_EXAMPLES` says otherwise.
const SCHEMATHESIS_EXAMPLES_DEFAULT: u32 = 40;

/// `cargo xtask api-check`, also a step of `cargo xtask test`: starts the server (debug
/// build) on a free loopback port with a fresh SQLite database, and runs schemathesis with
/// every check against its OpenAPI document. Any failure fails the command; the server's log
/// is in `target/api-check/server.log`. One check is off, for the reason given below.
///
/// The seed is fixed (`DBCOST_SCHEMATHESIS_SEED` overrides it), so CI tests the same cases
/// every run; search further by hand with another seed and more examples.
fn api_schema_check(root: &Path) -> Result<()> {
    let examples = env_number(
        "DBCOST_SCHEMATHESIS_EXAMPLES",
        SCHEMATHESIS_EXAMPLES_DEFAULT,
    )?;
    let seed = env_number("DBCOST_SCHEMATHESIS_SEED", 1)?;
    let schemathesis = install_schemathesis(root)?;
    step("building the server (debug) for schemathesis");
    cargo(root, &["build", "--package", "server", "--bin", "dbcost"])?;

    let work = target_dir(root).join("api-check");
    if work.exists() {
        fs::remove_dir_all(&work).with_context(|| format!("removing {}", work.display()))?;
    }
    fs::create_dir_all(&work).with_context(|| format!("creating {}", work.display()))?;
    let server = ApiServer::start(root, &work)?;
    let url = format!("http://127.0.0.1:{}/api/v1/openapi.json", server.port);
    step(&format!(
        "schemathesis {SCHEMATHESIS_VERSION}: every check, {examples} examples per operation, seed {seed}"
    ));
    let result = status(
        Command::new(&schemathesis)
            .current_dir(&work)
            .arg("run")
            .arg(&url)
            .args(["--checks", "all"])
            // positive_data_acceptance expects every body that matches the schemas to be
            // accepted. For this API's bodies that cannot hold: what makes them valid is not
            // expressible in JSON Schema (a scenario's read shares add up to 100; a price
            // table's prices fit 28 significant digits, its dates are not in the future, its
            // catalog entries are unique; an offer file is an AWS offer file), and the server
            // answers 422 naming the field, as issue #8 asks. The operations without a body
            // take only ids, for which 404 counts as accepted. Every other check runs.
            .args(["--exclude-checks", "positive_data_acceptance"])
            .arg(format!("--max-examples={examples}"))
            .arg(format!("--seed={seed}"))
            .args(["--generation-database", "none"])
            .args(["--workers", "1"])
            .args(["--request-timeout", "30"])
            .arg("--no-color"),
    );
    drop(server);
    result.with_context(|| {
        format!(
            "schemathesis found problems in the API (the server's log: {})",
            work.join("server.log").display()
        )
    })
}

/// A number from the environment, or `default` when the variable is not set.
fn env_number<T: std::str::FromStr>(name: &str, default: T) -> Result<T> {
    match std::env::var(name) {
        Ok(text) => text
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{name}={text:?} is not a number")),
        Err(_) => Ok(default),
    }
}

/// The pinned schemathesis in a venv under the target folder; returns its command.
fn install_schemathesis(root: &Path) -> Result<PathBuf> {
    let venv = target_dir(root).join("schemathesis-venv");
    let command = venv.join("bin/schemathesis");
    let have = output(Command::new(&command).arg("--version")).unwrap_or_default();
    if have.trim().ends_with(SCHEMATHESIS_VERSION) {
        return Ok(command);
    }
    step(&format!(
        "installing schemathesis {SCHEMATHESIS_VERSION} (PyPI) into {}",
        venv.display()
    ));
    status(Command::new("python3").arg("-m").arg("venv").arg(&venv))
        .context("creating a Python venv (is python3 with venv installed?)")?;
    status(Command::new(venv.join("bin/pip")).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("schemathesis=={SCHEMATHESIS_VERSION}"),
    ]))?;
    Ok(command)
}

/// The `dbcost` server on a free loopback port, stopped when dropped.
struct ApiServer {
    child: std::process::Child,
    port: u16,
}

impl ApiServer {
    /// Starts `target/debug/dbcost serve` on port 0 with a fresh SQLite database in `work`
    /// and waits (at most 60 s) for the line that names the port it bound.
    fn start(root: &Path, work: &Path) -> Result<Self> {
        use std::io::BufRead as _;
        let binary = target_dir(root).join("debug/dbcost");
        let log_path = work.join("server.log");
        let mut log = fs::File::create(&log_path)
            .with_context(|| format!("creating {}", log_path.display()))?;
        let mut child = Command::new(&binary)
            .current_dir(work)
            .arg("serve")
            .env("DBCOST_ADDR", "127.0.0.1:0")
            .env(
                "DBCOST_DATABASE_URL",
                format!("sqlite://{}", work.join("dbcost.db").display()),
            )
            .env("DBCOST_SITE_ROOT", target_dir(root).join(SITE_DIR))
            // schemathesis writes far faster than a person; the limit (and its documented
            // 429) is tested in the e2e tests.
            .env("DBCOST_WRITE_RATE_PER_MINUTE", "0")
            .env("DBCOST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let stderr = child.stderr.take().context("the server's stderr")?;
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let marker = "serving at http://localhost:";
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(at) = line.find(marker) {
                    let digits: String = line[at + marker.len()..]
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect();
                    port_tx.send(digits.parse::<u16>().ok()).ok();
                }
                writeln!(log, "{line}").ok();
            }
        });
        let mut server = Self { child, port: 0 };
        match port_rx.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(Some(port)) => {
                server.port = port;
                Ok(server)
            }
            _ => bail!(
                "the server did not say which port it serves on within 60 s; its log: {}",
                log_path.display()
            ),
        }
    }
}

impl Drop for ApiServer {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Chromium and chromedriver from Debian, for the browser tests.
fn install_chromium() -> Result<()> {
    if which("chromium").is_some() && which("chromedriver").is_some() {
        return Ok(());
    }
    step("installing chromium and chromium-driver (Debian packages)");
    status(Command::new("apt-get").arg("update").arg("-qq"))?;
    status(
        Command::new("apt-get")
            .args([
                "install",
                "-y",
                "-qq",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// Builds the hydrate bundle, runs wasm-bindgen and (release) wasm-opt, copies CSS and
/// ECharts, writes gzip twins, and prints the sizes.
fn build_site(root: &Path, profile: Profile) -> Result<SiteSizes> {
    let cargo_profile = match profile {
        Profile::Dev => "dev",
        Profile::Release => "wasm-release",
    };
    step(&format!(
        "building the app as WASM (profile {cargo_profile})"
    ));
    cargo(
        root,
        &[
            "build",
            "--package",
            "app",
            "--lib",
            "--target",
            WASM_TARGET,
            "--no-default-features",
            "--features",
            "hydrate",
            "--profile",
            cargo_profile,
        ],
    )?;
    let profile_dir = if profile == Profile::Dev {
        "debug"
    } else {
        "wasm-release"
    };
    let target = target_dir(root);
    let wasm = target.join(format!("{WASM_TARGET}/{profile_dir}/app.wasm"));
    let pkg = target.join(SITE_DIR).join("pkg");
    fs::create_dir_all(&pkg).with_context(|| format!("creating {}", pkg.display()))?;

    step("wasm-bindgen --target web");
    let wasm_bindgen = wasm_bindgen_path().context("wasm-bindgen is not installed")?;
    status(
        Command::new(wasm_bindgen)
            .arg("--target")
            .arg("web")
            .arg("--no-typescript")
            .arg("--out-dir")
            .arg(&pkg)
            .arg("--out-name")
            .arg("dbcost")
            .arg(&wasm),
    )?;
    // With LEPTOS_OUTPUT_NAME set, Leptos's hydration script loads `dbcost.wasm`.
    let bound = pkg.join("dbcost_bg.wasm");
    let final_wasm = pkg.join("dbcost.wasm");
    if profile == Profile::Release {
        step("wasm-opt -Oz (binaryen from npm)");
        status(
            Command::new(root.join("node_modules/.bin/wasm-opt"))
                .arg("-Oz")
                .arg("--enable-bulk-memory")
                .arg("--enable-nontrapping-float-to-int")
                .arg("--enable-reference-types")
                .arg("--enable-multivalue")
                .arg("--enable-sign-ext")
                .arg(&bound)
                .arg("-o")
                .arg(&final_wasm),
        )?;
        fs::remove_file(&bound).ok();
    } else {
        fs::rename(&bound, &final_wasm).context("renaming the WASM file")?;
    }

    copy(&root.join("style/main.css"), &pkg.join("dbcost.css"))?;
    copy(&root.join(ECHARTS_BUILD), &pkg.join("echarts.min.js"))?;
    copy(&root.join("app/boot.js"), &pkg.join("dbcost-boot.js"))?;

    let mut total_raw = 0;
    let mut total_gz = 0;
    let mut wasm_gz = 0;
    eprintln!("xtask: site assets in {}:", pkg.display());
    for name in [
        "dbcost.wasm",
        "dbcost.js",
        "dbcost-boot.js",
        "dbcost.css",
        "echarts.min.js",
    ] {
        let path = pkg.join(name);
        let raw = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let gz = gzip(&raw)?;
        fs::write(pkg.join(format!("{name}.gz")), &gz)
            .with_context(|| format!("writing {name}.gz"))?;
        eprintln!(
            "xtask:   {name:<16} {:>9} raw {:>9} gzip",
            kib(raw.len() as u64),
            kib(gz.len() as u64)
        );
        total_raw += raw.len() as u64;
        total_gz += gz.len() as u64;
        if name == "dbcost.wasm" {
            wasm_gz = gz.len() as u64;
        }
    }
    eprintln!(
        "xtask:   {:<16} {:>9} raw {:>9} gzip",
        "total",
        kib(total_raw),
        kib(total_gz)
    );
    let sizes = SiteSizes { wasm_gz, total_gz };
    eprintln!(
        "xtask: budgets: app WASM {} of {} gzip, page {} of {} gzip",
        kib(wasm_gz),
        kib(WASM_BUDGET_GZ),
        kib(total_gz),
        kib(PAGE_BUDGET_GZ)
    );
    Ok(sizes)
}

/// Compressed sizes of what the page loads.
struct SiteSizes {
    wasm_gz: u64,
    total_gz: u64,
}

impl SiteSizes {
    /// An error when a release bundle is over its budget.
    fn check_budgets(&self) -> Result<()> {
        if self.wasm_gz > WASM_BUDGET_GZ {
            bail!(
                "the app's WASM is {} gzip, over its {} budget",
                kib(self.wasm_gz),
                kib(WASM_BUDGET_GZ)
            );
        }
        if self.total_gz > PAGE_BUDGET_GZ {
            bail!(
                "the page loads {} gzip, over its {} budget",
                kib(self.total_gz),
                kib(PAGE_BUDGET_GZ)
            );
        }
        Ok(())
    }
}

fn gzip(data: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

fn copy(from: &Path, to: &Path) -> Result<()> {
    fs::copy(from, to)
        .with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
    Ok(())
}

/// The version of `package` pinned in Cargo.lock.
fn locked_version(root: &Path, package: &str) -> Result<String> {
    let lock = fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&needle)
        .with_context(|| format!("{package} is not in Cargo.lock"))?
        + needle.len();
    let end = lock[start..].find('"').context("malformed Cargo.lock")?;
    Ok(lock[start..start + end].to_owned())
}

fn wasm_bindgen_path() -> Option<PathBuf> {
    which("wasm-bindgen").or_else(|| {
        let home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
        let path = home.join("bin/wasm-bindgen");
        path.exists().then_some(path)
    })
}

fn which(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// Cargo's target folder: `CARGO_TARGET_DIR` when set, else `target/` in the workspace.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

/// The workspace root (where the top Cargo.toml is).
/// The workspace root. `cargo run` (behind the `cargo xtask` alias) sets `CARGO_MANIFEST_DIR`
/// for the process, which stays right when the checkout moves; the compile-time value is the
/// fallback for running the binary directly.
fn root() -> Result<PathBuf> {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest
        .parent()
        .map(Path::to_path_buf)
        .context("xtask has no parent folder")
}

fn cargo_bin() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

fn cargo<S: AsRef<OsStr>>(root: &Path, args: &[S]) -> Result<()> {
    status(Command::new(cargo_bin()).current_dir(root).args(args))
}

fn step(what: &str) {
    eprintln!("\nxtask: ==> {what}");
}

fn status(command: &mut Command) -> Result<()> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .with_context(|| format!("starting {shown}"))?;
    if !status.success() {
        bail!("{shown} failed ({status})");
    }
    Ok(())
}

fn output(command: &mut Command) -> Result<String> {
    let shown = format!("{command:?}");
    let out = command
        .output()
        .with_context(|| format!("starting {shown}"))?;
    if !out.status.success() {
        bail!(
            "{shown} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
