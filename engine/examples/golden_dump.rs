//! Local verification aid (not committed): dumps estimate and sweep JSON for many scenarios.
use engine::fixtures::sample_us_east_1;
use engine::scenario::*;
use engine::{PriceBook, Scenario, SweepAxis, estimate, log_multipliers, sweep};
use rust_decimal::Decimal;
use std::io::Write;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn dec(&mut self, max: u64, scale: u32) -> Decimal {
        Decimal::new(self.below(max) as i64, scale)
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[self.below(v.len() as u64) as usize]
    }
}

fn random(r: &mut Rng) -> Scenario {
    let mut s = Scenario::default();
    let mag = r.pick(&[10u64, 1000, 100_000, 2_000_000, 50_000_000]);
    s.traffic.reads_per_second = r.dec(mag, 2);
    s.traffic.writes_per_second = r.dec(mag / 4 + 1, 2);
    let m = r.pick(&[100u64, 10_000, 500_000, 5_000_000, 800_000_000]);
    s.data.size_gb = r.dec(m, 2);
    s.data.monthly_growth_percent = r.dec(100, 1);
    s.data.item_size_kb = r.dec(4000, 1) + Decimal::new(1, 1);
    s.data.secondary_indexes = r.below(5) as u32;
    s.data.hot_percent = Decimal::from(r.below(101));
    s.traffic.shape = r.pick(&[
        ShapePreset::Flat,
        ShapePreset::BusinessHours,
        ShapePreset::EveningPeak,
        ShapePreset::SpikyBatch,
        ShapePreset::DevTestNightsOff,
    ]);
    if r.chance(10) {
        s.traffic.hourly_shape = (0..24).map(|_| r.dec(1000, 1)).collect();
    }
    let eventual = r.below(101) as u32;
    let strong = r.below(101) as u32 * (100 - eventual) / 100;
    s.traffic.eventual_read_percent = Decimal::from(eventual);
    s.traffic.strong_read_percent = Decimal::from(strong);
    s.traffic.transactional_read_percent = Decimal::from(100 - eventual - strong);
    s.traffic.transactional_write_percent = Decimal::from(r.below(101));
    s.traffic.hottest_key_percent = r.dec(1001, 1);
    s.traffic.complex_query_percent = Decimal::from(r.below(101));
    s.needs.acid_transactions = r.chance(50);
    s.needs.joins = r.chance(50);
    s.needs.multi_az = r.chance(50);
    s.needs.regions = 1 + r.below(3) as u32;
    s.needs.backup_retention_days = 1 + r.below(35) as u32;
    s.needs.rpo_seconds = r.pick(&[
        Decimal::ZERO,
        Decimal::ONE,
        Decimal::from(300),
        Decimal::from(86400),
    ]);
    s.needs.rto_seconds = r.pick(&[
        Decimal::ZERO,
        Decimal::from(30),
        Decimal::from(600),
        Decimal::from(86400),
    ]);
    s.caching.mode = r.pick(&[CacheMode::No, CacheMode::Yes, CacheMode::Compare]);
    s.caching.hit_rate_percent = Decimal::from(r.below(101));
    if r.chance(30) {
        s.caching.item_size_kb = r.dec(100, 1) + Decimal::new(1, 1);
    }
    if r.chance(20) {
        s.caching.cached_data_percent = Some(Decimal::from(r.below(101)));
    }
    s.horizon.months = r.pick(&[1u32, 12, 24, 36, 60]);
    s.horizon.commitment = r.pick(&[
        Commitment::OnDemandOnly,
        Commitment::Allow1y,
        Commitment::Allow3y,
    ]);
    s.horizon.upfront = r.pick(&[
        UpfrontChoice::NoUpfront,
        UpfrontChoice::PartialUpfront,
        UpfrontChoice::AllUpfront,
    ]);
    if r.chance(15) {
        s.assumptions.hours_per_month = Some(r.pick(&[
            Decimal::from(720),
            Decimal::from(744),
            Decimal::new(7305, 1),
        ]));
    }
    if r.chance(20) {
        s.assumptions.target_cpu_percent = Decimal::from(10 + r.below(90));
        s.assumptions.dynamodb_target_utilization_percent = Decimal::from(20 + r.below(71));
        s.assumptions.memory_headroom_percent = Decimal::from(r.below(100));
    }
    let o = &mut s.overrides;
    if r.chance(15) {
        o.engine = Some(r.pick(&[
            DbEngine::Postgresql,
            DbEngine::Mysql,
            DbEngine::Mariadb,
            DbEngine::Oracle,
            DbEngine::Sqlserver,
        ]));
    }
    if r.chance(10) {
        o.rds_instance_class = Some(
            r.pick(&[
                "db.r6g.large",
                "db.t4g.micro",
                "db.x9.huge",
                "db.m6g.xlarge",
            ])
            .to_string(),
        );
    }
    if r.chance(10) {
        o.rds_read_replicas = Some(r.below(16) as u32);
    }
    if r.chance(20) {
        o.rds_storage_type = Some(r.pick(&[
            VolumeType::Gp2,
            VolumeType::Gp3,
            VolumeType::Io1,
            VolumeType::Io2,
        ]));
    }
    if r.chance(10) {
        o.rds_storage_gb = Some(Decimal::from(20 + r.below(70000)));
    }
    if r.chance(10) {
        o.rds_iops = Some(Decimal::from(r.below(100000)));
    }
    if r.chance(10) {
        o.rds_throughput_mibps = Some(Decimal::from(r.below(4000)));
    }
    if r.chance(10) {
        o.aurora_instance_class = Some(
            r.pick(&["db.r6g.large", "db.r7g.4xlarge", "db.nope"])
                .to_string(),
        );
    }
    if r.chance(10) {
        o.aurora_readers = Some(r.below(16) as u32);
    }
    if r.chance(10) {
        o.serverless_min_acu = Some(Decimal::new(r.below(16) as i64 * 5, 1));
    }
    if r.chance(10) {
        o.serverless_max_acu = Some(Decimal::from(1 + r.below(256)));
    }
    if r.chance(15) {
        o.dynamodb_capacity_mode =
            Some(r.pick(&[CapacityMode::OnDemand, CapacityMode::Provisioned]));
    }
    if r.chance(10) {
        o.dynamodb_rcu = Some(r.dec(100000, 1));
    }
    if r.chance(10) {
        o.dynamodb_wcu = Some(r.dec(100000, 1));
    }
    if r.chance(15) {
        o.elasticache_engine = Some(r.pick(&[
            CacheEngine::Valkey,
            CacheEngine::Redis,
            CacheEngine::Memcached,
        ]));
    }
    if r.chance(10) {
        o.elasticache_node_type = Some(
            r.pick(&["cache.r7g.large", "cache.t4g.micro", "cache.nope"])
                .to_string(),
        );
    }
    if r.chance(10) {
        o.elasticache_shards = Some(1 + r.below(10) as u32);
    }
    if r.chance(10) {
        o.elasticache_replicas = Some(r.below(6) as u32);
    }
    s
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(300);
    let out_path = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "/tmp/golden.txt".into());
    let mut out = std::io::BufWriter::new(std::fs::File::create(out_path).unwrap());
    let today = time::macros::date!(2026 - 11 - 26);
    let mut books: Vec<(String, Box<dyn PriceBook>)> = Vec::new();
    for (name, json) in pricing_data::bundled() {
        books.push((
            name.to_string(),
            Box::new(pricing_data::parse(json, today).unwrap()),
        ));
    }
    let (_, json) = pricing_data::bundled()[0];
    let mut t = pricing_data::parse(json, today).unwrap();
    t.dynamodb = None;
    t.elasticache = None;
    books.push(("us-east-1 without dynamodb/elasticache".into(), Box::new(t)));
    let mut t = pricing_data::parse(json, today).unwrap();
    t.rds = None;
    t.data_transfer = None;
    books.push(("us-east-1 without rds/transfer".into(), Box::new(t)));
    books.push(("sample".into(), Box::new(sample_us_east_1())));
    let mut m = sample_us_east_1();
    m.remove_family("aurora");
    books.push(("sample without aurora".into(), Box::new(m)));

    let mut scenarios: Vec<(String, Scenario)> = vec![("default".into(), Scenario::default())];
    for entry in std::fs::read_dir("pricing-data/scenarios").unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "json") {
            let s = Scenario::from_json(&std::fs::read_to_string(&p).unwrap()).unwrap();
            scenarios.push((p.display().to_string(), s));
        }
    }
    let mut r = Rng(0x9E3779B97F4A7C15);
    for i in 0..n {
        scenarios.push((format!("random {i}"), random(&mut r)));
    }
    let few = log_multipliers(12);
    for (sname, s) in &scenarios {
        for (bname, b) in &books {
            writeln!(out, "=== {sname} @ {bname}").unwrap();
            match estimate(s, b.as_ref()) {
                Ok(e) => writeln!(out, "{}", serde_json::to_string(&e).unwrap()).unwrap(),
                Err(e) => writeln!(out, "ERR {e}").unwrap(),
            }
            for axis in [SweepAxis::Traffic, SweepAxis::Data] {
                match sweep(s, b.as_ref(), axis, &few) {
                    Ok(e) => writeln!(out, "{}", serde_json::to_string(&e).unwrap()).unwrap(),
                    Err(e) => writeln!(out, "ERR {e}").unwrap(),
                }
            }
        }
    }
}
