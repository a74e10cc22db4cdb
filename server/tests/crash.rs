//! Crash safety: the server is killed with SIGKILL at random moments while it imports price
//! tables and saves scenarios, 50 times over one SQLite database. After every restart the
//! database passes `PRAGMA integrity_check`, every save that was answered 2xx is still there,
//! and every stored price table is whole (its document parses and hashes to its id).

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::{Value, json};
use sqlx::{Connection, Row};

const ROUNDS: usize = 50;

struct Server {
    child: Child,
    base: String,
}

fn start(database_url: &str) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dbcost"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("DBCOST_DATABASE_URL", database_url)
        .env("DBCOST_SITE_ROOT", std::env::temp_dir())
        .env("DBCOST_WRITE_RATE_PER_MINUTE", "0")
        .env("DBCOST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dbcost");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let deadline = Instant::now() + Duration::from_secs(20);
    let base = loop {
        assert!(Instant::now() < deadline, "the server did not start");
        let line = lines
            .next()
            .expect("server exited early")
            .expect("read log");
        if let Some(at) = line.find("serving at http://") {
            let address = line[at + "serving at ".len()..].trim().to_owned();
            break address.replace("localhost", "127.0.0.1");
        }
    };
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, base }
}

fn random_below(n: u64) -> u64 {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("random");
    u64::from_le_bytes(bytes) % n
}

fn table_variant(round: usize, i: usize) -> Value {
    let (_, text) = pricing_data::bundled()
        .into_iter()
        .find(|(n, _)| n.contains("us-east-1"))
        .unwrap();
    let mut table: Value = serde_json::from_str(text).unwrap();
    table["name"] = json!(format!("crash round {round} table {i}"));
    table["dynamodb"]["table_classes"]["standard"]["storage_gb_month"] =
        json!(format!("0.{:03}", 100 + round * 10 + i));
    table
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_writes_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let url = format!("sqlite://{}", path.display());
    let http = reqwest::Client::new();
    let mut acknowledged_scenarios: Vec<String> = Vec::new();
    let mut acknowledged_tables: Vec<String> = Vec::new();

    for round in 0..ROUNDS {
        let mut server = start(&url);
        let base = server.base.clone();
        // Writers: scenario saves and price-table imports, as fast as the server answers.
        let mut writers = Vec::new();
        for i in 0..4 {
            let http = http.clone();
            let base = base.clone();
            writers.push(tokio::spawn(async move {
                let mut scenarios = Vec::new();
                let mut tables = Vec::new();
                for j in 0..1000 {
                    if i == 0 && j % 5 == 0 {
                        let body = table_variant(round, j);
                        match http.post(format!("{base}/api/v1/price-tables")).json(&body).send().await {
                            Ok(r) if r.status().is_success() => {
                                let v: Value = match r.json().await { Ok(v) => v, Err(_) => break };
                                tables.push(v["id"].as_str().unwrap().to_owned());
                            }
                            _ => break,
                        }
                    } else {
                        let body = json!({ "scenario": { "data": { "size_gb": format!("{}", round * 1000 + j) } } });
                        match http.post(format!("{base}/api/v1/scenarios")).json(&body).send().await {
                            Ok(r) if r.status().is_success() => {
                                let v: Value = match r.json().await { Ok(v) => v, Err(_) => break };
                                scenarios.push(v["id"].as_str().unwrap().to_owned());
                            }
                            _ => break,
                        }
                    }
                }
                (scenarios, tables)
            }));
        }
        tokio::time::sleep(Duration::from_millis(20 + random_below(200))).await;
        server.child.kill().expect("SIGKILL");
        server.child.wait().expect("reap");
        for writer in writers {
            let (scenarios, tables) = writer.await.unwrap();
            acknowledged_scenarios.extend(scenarios);
            acknowledged_tables.extend(tables);
        }

        // The database is intact and holds everything that was acknowledged.
        let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
        let check: String = sqlx::query("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .unwrap()
            .get(0);
        assert_eq!(check, "ok", "round {round}");
        for id in &acknowledged_scenarios {
            let found = sqlx::query("SELECT 1 FROM scenarios WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut conn)
                .await
                .unwrap();
            assert!(
                found.is_some(),
                "round {round}: acknowledged scenario {id} is gone"
            );
        }
        let rows = sqlx::query("SELECT id, content_hash, document FROM price_tables")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        let today = time::OffsetDateTime::now_utc().date();
        for row in &rows {
            let id: String = row.get(0);
            let hash: String = row.get(1);
            let document: String = row.get(2);
            let table = pricing_data::parse(&document, today)
                .unwrap_or_else(|e| panic!("round {round}: table {id} is damaged: {e:?}"));
            assert_eq!(
                pricing_data::content_hash(&table),
                hash,
                "round {round}: {id}"
            );
        }
        for id in &acknowledged_tables {
            assert!(
                rows.iter().any(|r| r.get::<String, _>(0) == *id),
                "round {round}: {id} gone"
            );
        }
        conn.close().await.unwrap();
    }
    assert!(
        acknowledged_scenarios.len() > ROUNDS,
        "the test wrote too little to mean anything"
    );
}
