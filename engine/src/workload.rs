//! The workload derived from a scenario: hour-by-hour rates from the 24-hour shape, peaks,
//! data size over the horizon and the working set. Every service module sizes from this.

use rust_decimal::Decimal;

use crate::estimate::WorkloadSummary;
use crate::scenario::{DbEngine, Scenario, pct};

/// Derived workload. Rates are requests/s, sizes GB.
#[derive(Debug, Clone)]
pub(crate) struct Workload {
    /// Hours in a month.
    pub hours: Decimal,
    /// Hourly multipliers (mean 1).
    pub shape: [Decimal; 24],
    /// Average reads/s reaching the database.
    pub avg_reads: Decimal,
    /// Average reads/s the application makes (before any cache).
    pub raw_reads: Decimal,
    /// Average writes/s.
    pub avg_writes: Decimal,
    /// Peak multiplier (max of the shape).
    pub peak_factor: Decimal,
    /// Hours of the day with no traffic.
    pub idle_hours: u32,
    /// Data now, GB.
    pub data_now_gb: Decimal,
    /// Data averaged over the horizon, GB.
    pub data_avg_gb: Decimal,
    /// Data at the end of the horizon, GB.
    pub data_end_gb: Decimal,
    /// Working set at the end of the horizon, GB.
    pub working_set_gb: Decimal,
    /// Memory an instance needs: the working set plus headroom, GiB.
    pub memory_need_gib: Decimal,
    /// vCPUs a relational engine needs at the busiest hour: [PostgreSQL, the others] (they
    /// differ by the maintenance factor).
    pub vcpu_need: [Decimal; 2],
}

impl Workload {
    /// Derive the workload. `read_factor` scales reads (1 without a cache, `1 - hit rate`
    /// with one); `traffic_x` and `data_x` scale rates and data for sweeps.
    #[cfg(test)]
    pub fn new(
        s: &Scenario,
        hours: Decimal,
        read_factor: Decimal,
        traffic_x: Decimal,
        data_x: Decimal,
    ) -> Workload {
        Workload::with_shape(
            s,
            s.traffic.hourly_multipliers(),
            &GrowthMemo::default(),
            hours,
            read_factor,
            traffic_x,
            data_x,
        )
    }

    /// [`Workload::new`] with the scenario's hourly multipliers already worked out
    /// (`s.traffic.hourly_multipliers()`), as a sweep's passes share them.
    pub fn with_shape(
        s: &Scenario,
        shape: [Decimal; 24],
        growth_memo: &GrowthMemo,
        hours: Decimal,
        read_factor: Decimal,
        traffic_x: Decimal,
        data_x: Decimal,
    ) -> Workload {
        let peak_factor = shape.iter().copied().fold(Decimal::ZERO, dmax);
        let idle_hours = shape.iter().filter(|m| m.is_zero()).count() as u32;
        let data_now_gb = s.data.size_gb.max(Decimal::ZERO) * data_x;
        let (data_avg_gb, data_end_gb) = growth_memo.grown(s, data_now_gb);
        let working_set_gb = data_end_gb * pct(s.data.hot_percent);
        let mut w = Workload {
            hours,
            shape,
            avg_reads: s.traffic.reads_per_second.max(Decimal::ZERO) * traffic_x * read_factor,
            raw_reads: s.traffic.reads_per_second.max(Decimal::ZERO) * traffic_x,
            avg_writes: s.traffic.writes_per_second.max(Decimal::ZERO) * traffic_x,
            peak_factor,
            idle_hours,
            data_now_gb,
            data_avg_gb,
            data_end_gb,
            working_set_gb,
            memory_need_gib: working_set_gb
                * (Decimal::ONE + pct(s.assumptions.memory_headroom_percent)),
            vcpu_need: [Decimal::ZERO; 2],
        };
        // Once per pass rather than once per option: every RDS and Aurora option sizes from it.
        w.vcpu_need = crate::rds::vcpu_needs_of(s, &w, [DbEngine::Postgresql, DbEngine::Mysql]);
        w
    }

    /// Reads/s in the busiest hour.
    pub fn peak_reads(&self) -> Decimal {
        self.avg_reads * self.peak_factor
    }

    /// Writes/s in the busiest hour.
    pub fn peak_writes(&self) -> Decimal {
        self.avg_writes * self.peak_factor
    }

    /// Seconds in a billing month.
    pub fn seconds_per_month(&self) -> Decimal {
        self.hours * Decimal::from(3600)
    }

    /// Summary for the estimate.
    pub fn summary(&self) -> WorkloadSummary {
        WorkloadSummary {
            average_reads_per_second: self.avg_reads,
            average_writes_per_second: self.avg_writes,
            peak_reads_per_second: self.peak_reads(),
            peak_writes_per_second: self.peak_writes(),
            hourly_multipliers: self.shape.to_vec(),
            idle_hours: self.idle_hours,
            current_data_gb: self.data_now_gb,
            average_data_gb: self.data_avg_gb,
            final_data_gb: self.data_end_gb,
            working_set_gb: self.working_set_gb,
        }
    }
}

/// The data's growth over the horizon, worked out once for as long as its inputs are the
/// same (an estimate's passes, a traffic sweep's points share it): a per-call memo.
#[derive(Default)]
pub(crate) struct GrowthMemo(std::cell::Cell<Option<Grown>>);

/// [`GrowthMemo`]'s entry: the inputs (size now, growth percent, months; sizes and percent
/// by their 128 bits) and the average and final sizes.
#[derive(Clone, Copy)]
struct Grown {
    now: u128,
    percent: u128,
    months: u32,
    avg: Decimal,
    end: Decimal,
}

impl GrowthMemo {
    /// (average, final) data size over the horizon from `data_now_gb`.
    ///
    /// Data grows by `monthly_growth_percent` each month, compounded: size after m months is
    /// size × (1 + g)^m. The horizon's average is the mean of the monthly sizes.
    pub fn grown(&self, s: &Scenario, data_now_gb: Decimal) -> (Decimal, Decimal) {
        let now = u128::from_le_bytes(data_now_gb.serialize());
        let percent = u128::from_le_bytes(s.data.monthly_growth_percent.serialize());
        let months = s.horizon.months;
        if let Some(g) = self.0.get()
            && g.now == now
            && g.percent == percent
            && g.months == months
        {
            return (g.avg, g.end);
        }
        let growth = Decimal::ONE + pct(s.data.monthly_growth_percent.max(Decimal::ZERO));
        let n = months.max(1);
        let mut size = data_now_gb;
        let mut total = Decimal::ZERO;
        for _ in 0..n {
            total += size;
            size *= growth;
        }
        let (avg, end) = (total / Decimal::from(n), size);
        self.0.set(Some(Grown {
            now,
            percent,
            months,
            avg,
            end,
        }));
        (avg, end)
    }
}

/// `f` of each hour's value, worked out once per distinct value: a day's shape repeats a few
/// values (the business-hours shape has 9 distinct of 24), and hourly decimal divisions and
/// roundings are the costly part of a pass. The result is exactly that of calling `f` for
/// every hour, as `f` gets the very same decimal (digits and scale) for every hour it is
/// reused for.
pub(crate) fn per_hour(
    values: &[Decimal; 24],
    mut f: impl FnMut(Decimal) -> Decimal,
) -> [Decimal; 24] {
    let mut out = [Decimal::ZERO; 24];
    // The distinct values met so far, by their 128-bit representation (equal bits, equal
    // digits and scale), with `f` of each: a search compares one integer per distinct value.
    let mut seen = [(0u128, Decimal::ZERO); 24];
    let mut distinct = 0;
    let mut previous = None;
    for h in 0..24 {
        let key = u128::from_le_bytes(values[h].serialize());
        // A day's shape runs in steps: most hours repeat the hour before.
        if previous == Some(key) {
            out[h] = out[h - 1];
            continue;
        }
        previous = Some(key);
        out[h] = match seen[..distinct].iter().find(|(k, _)| *k == key) {
            Some(&(_, result)) => result,
            None => {
                let result = f(values[h]);
                seen[distinct] = (key, result);
                distinct += 1;
                result
            }
        };
    }
    out
}

/// `a.cmp(&b)`: when the scales agree (as in most hourly arithmetic) the mantissas are
/// compared directly, which is exact (both are whole multiples of the same power of ten);
/// otherwise `Decimal`'s own comparison, which rescales.
#[inline]
pub(crate) fn dcmp(a: &Decimal, b: &Decimal) -> std::cmp::Ordering {
    if a.scale() == b.scale() {
        a.mantissa().cmp(&b.mantissa())
    } else {
        a.cmp(b)
    }
}

/// `a.max(b)` through [`dcmp`], returning the same operand `Decimal::max` returns (`a`
/// unless `a < b`), so digits and scale are kept exactly.
#[inline]
pub(crate) fn dmax(a: Decimal, b: Decimal) -> Decimal {
    if dcmp(&a, &b) == std::cmp::Ordering::Less {
        b
    } else {
        a
    }
}

/// `a.min(b)` through [`dcmp`], returning the same operand `Decimal::min` returns (`a`
/// unless `a > b`).
#[inline]
pub(crate) fn dmin(a: Decimal, b: Decimal) -> Decimal {
    if dcmp(&a, &b) == std::cmp::Ordering::Greater {
        b
    } else {
        a
    }
}

/// `values.sum::<Decimal>()`, to the digit: when every value has one scale and no minus
/// sign and the total fits in 96 bits, no addition rescales or rounds, so the sum is the
/// total of the mantissas at that scale (an empty sum is zero at scale 0); that total is
/// added here as integers (hourly capacity units and ACUs are whole or half units of one
/// scale). Anything else is added as decimals.
pub(crate) fn dsum<I: Iterator<Item = Decimal> + Clone>(values: I) -> Decimal {
    let mut scale = None;
    let mut total: u128 = 0;
    for v in values.clone() {
        let same_scale = scale.is_none_or(|s| s == v.scale());
        let next = u128::try_from(v.mantissa())
            .ok()
            .and_then(|m| total.checked_add(m));
        match next {
            Some(next) if same_scale && !v.is_sign_negative() => {
                scale = Some(v.scale());
                total = next;
            }
            _ => return values.sum(),
        }
    }
    match (scale, i128::try_from(total)) {
        (None, _) => Decimal::ZERO,
        (Some(s), Ok(t)) if total < 1 << 96 => Decimal::from_i128_with_scale(t, s),
        _ => values.sum(),
    }
}

/// `v.ceil()`, to the digit and scale: for a non-negative `v` the whole number is worked out
/// in integers ([`ceil_whole`]) and returned at scale 0, as `Decimal::ceil` returns it (a
/// scale-0 value is returned as it is). `Decimal::ceil` truncates its 96-bit mantissa one
/// digit at a time. Negative values go through `Decimal` (their ceiling keeps the sign, "-0"
/// included).
#[inline]
pub(crate) fn dceil(v: Decimal) -> Decimal {
    if v.scale() == 0 || v.is_sign_negative() {
        return v.ceil();
    }
    // Below 2^96 (the mantissa's bound, divided by at least 10, plus one): fits i128.
    Decimal::from_i128_with_scale(ceil_whole(v) as i128, 0)
}

/// The smallest whole number at or above a non-negative `v`: its mantissa divided by
/// `10^scale` once (in 64 bits when both fit), plus one when a remainder is left.
#[inline]
pub(crate) fn ceil_whole(v: Decimal) -> u128 {
    let m = v.mantissa().unsigned_abs();
    let (q, p) = div_pow10(m, v.scale());
    q + u128::from(q * p != m)
}

/// The smallest whole number at or above `v` (0 for `v ≤ 0`); `None` beyond `u64`.
pub(crate) fn ceil_u64(v: Decimal) -> Option<u64> {
    if v.is_sign_negative() || v.is_zero() {
        return Some(0);
    }
    u64::try_from(ceil_whole(v)).ok()
}

/// [`ceil_u64`] as a count: 0 for `v ≤ 0`, `u32::MAX` beyond it.
pub(crate) fn ceil_u32(v: Decimal) -> u32 {
    u32::try_from(ceil_u64(v).unwrap_or(u64::MAX)).unwrap_or(u32::MAX)
}

/// `m / 10^exp` (rounded down) and the divisor `10^exp`, for `exp` up to 28: one division, in
/// 64 bits when both fit (a 128-bit division is a library call).
#[inline]
fn div_pow10(m: u128, exp: u32) -> (u128, u128) {
    let p = POW10[exp as usize];
    let q = match (u64::try_from(m), u64::try_from(p)) {
        (Ok(m), Ok(p)) => u128::from(m / p),
        _ => m / p,
    };
    (q, p)
}

/// `10^i` for every scale a `Decimal` can have (0 to 28).
const POW10: [u128; 29] = {
    let mut table = [1u128; 29];
    let mut i = 1;
    while i < 29 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// Round up to the next multiple of `step` (e.g. 0.5 ACU).
pub(crate) fn ceil_to(v: Decimal, step: Decimal) -> Decimal {
    if step <= Decimal::ZERO {
        return v;
    }
    if step == Decimal::new(5, 1) {
        // The common 0.5 step: k = ceil(2v) is a whole number (scale 0). For an even k the
        // division `k / 2` returns the whole number k/2 (scale 0), built here without
        // dividing; an odd k is divided, as its result's scale is the division's to choose.
        let k = dceil(v * Decimal::TWO);
        if !k.is_sign_negative()
            && k.scale() == 0
            && let Ok(whole) = i64::try_from(k.mantissa())
            && whole % 2 == 0
        {
            return Decimal::from(whole / 2);
        }
        return k / Decimal::TWO;
    }
    dceil(v / step) * step
}

/// A decimal for a human reason string, to at most `dp` places; formatted only when
/// displayed, so lean passes (sweeps) pay nothing for it.
pub(crate) fn show(v: Decimal, dp: u32) -> Show {
    Show(v, dp)
}

/// See [`show`].
pub(crate) struct Show(Decimal, u32);

impl crate::estimate::Text for Show {
    fn into_text(self, capacity: usize) -> crate::estimate::Txt {
        crate::estimate::text(self, capacity).into()
    }
}

impl std::fmt::Display for Show {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The common case (not negative, no width or precision asked for) is rounded and
        // written straight from the mantissa: the same text as `Decimal`'s `Display` of
        // `round_dp(dp).normalize()`, without its padding machinery. Anything else goes
        // through `Decimal` itself.
        let plain = f.width().is_none() && f.precision().is_none() && !f.sign_plus();
        if plain
            && !self.0.is_sign_negative()
            && let Some((m, scale)) = rounded_normalized(self.0, self.1)
        {
            return f.write_str(plain_decimal(m, scale, &mut [0; 48]));
        }
        std::fmt::Display::fmt(&self.0.round_dp(self.1).normalize(), f)
    }
}

/// The mantissa and scale of `v.round_dp(dp).normalize()` for `v ≥ 0`, when the mantissa
/// fits a `u64`: rounded half to even on the exact remainder, as `Decimal::round_dp` does,
/// then trailing zeros stripped, as `normalize` does.
fn rounded_normalized(v: Decimal, dp: u32) -> Option<(u64, u32)> {
    let m = u128::try_from(v.mantissa()).ok()?;
    let mut scale = v.scale();
    // Rounded in 128 bits (one division), then the rest in 64 bits.
    let mut m = if scale > dp {
        let (q, d) = div_pow10(m, scale - dp);
        let r = m - q * d;
        let half = d / 2;
        scale = dp;
        u64::try_from(if r > half || (r == half && q % 2 == 1) {
            q + 1
        } else {
            q
        })
        .ok()?
    } else {
        u64::try_from(m).ok()?
    };
    while scale > 0 && m % 10 == 0 {
        m /= 10;
        scale -= 1;
    }
    Some((m, scale))
}

/// `m × 10^-scale` written as `Decimal`'s `Display` writes it ("0.05", "12", "3.5"), in `buf`.
fn plain_decimal(mut m: u64, scale: u32, buf: &mut [u8; 48]) -> &str {
    let mut i = buf.len();
    let mut written = 0u32;
    // Digits from the right; at least `scale + 1` of them so that "0." leads a fraction.
    while m > 0 || written <= scale {
        if written == scale && scale > 0 {
            i -= 1;
            buf[i] = b'.';
        }
        i -= 1;
        buf[i] = b'0' + (m % 10) as u8;
        m /= 10;
        written += 1;
    }
    // Only ASCII digits and '.' were written.
    std::str::from_utf8(&buf[i..]).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_compounds_monthly() {
        // 100 GB growing 10 % a month over 2 months: months hold 100 and 110 GB (average
        // 105), and the end size is 100 × 1.1² = 121 GB.
        let mut s = Scenario::default();
        s.data.size_gb = Decimal::from(100);
        s.data.monthly_growth_percent = Decimal::from(10);
        s.horizon.months = 2;
        let w = Workload::new(
            &s,
            Decimal::from(730),
            Decimal::ONE,
            Decimal::ONE,
            Decimal::ONE,
        );
        assert_eq!(w.data_avg_gb, Decimal::from(105));
        assert_eq!(w.data_end_gb, Decimal::from(121));
    }

    /// `dceil` is `Decimal::ceil` digit for digit, scale and sign: over random mantissas of
    /// every size (96 bits included) and every scale, either sign, and the edges.
    #[test]
    fn dceil_is_decimal_ceil() {
        let mut next = crate::xorshift(0x9E37_79B9_7F4A_7C15);
        let mut values = vec![
            Decimal::ZERO,
            Decimal::new(0, 5),
            Decimal::new(-0, 3),
            Decimal::MAX,
            Decimal::MIN,
            Decimal::from_i128_with_scale((1i128 << 96) - 1, 28),
            Decimal::from_i128_with_scale((1i128 << 96) - 1, 1),
            Decimal::from_i128_with_scale(i128::from(u64::MAX), 19),
            Decimal::from_i128_with_scale(i128::from(u64::MAX) + 1, 19),
            Decimal::from_i128_with_scale(i128::from(u64::MAX), 20),
            Decimal::new(5, 1),
            Decimal::new(-5, 1),
            Decimal::new(30, 1),
        ];
        for i in 0..50_000u32 {
            let hi = u128::from(next() >> 32);
            let lo = u128::from(next());
            let bits = (hi << 64 | lo) >> (i % 96);
            let m = i128::try_from(bits & ((1u128 << 96) - 1)).unwrap_or(0);
            let sign = if i % 5 == 0 { -1 } else { 1 };
            values.push(Decimal::from_i128_with_scale(sign * m, i % 29));
        }
        for v in values {
            let (got, want) = (dceil(v), v.ceil());
            assert_eq!(got.serialize(), want.serialize(), "{v}: {got} vs {want}");
            if !v.is_sign_negative() {
                assert_eq!(
                    Some(ceil_whole(v)),
                    u128::try_from(want.mantissa()).ok(),
                    "{v}"
                );
            }
            // The counts: 0 at or below zero, the ceiling's digits, saturated.
            let whole = if v.is_sign_negative() {
                0
            } else {
                want.mantissa()
            };
            assert_eq!(ceil_u64(v), u64::try_from(whole).ok(), "{v}");
            assert_eq!(ceil_u32(v), u32::try_from(whole).unwrap_or(u32::MAX), "{v}");
        }
    }

    /// The 0.5 step's shortcut returns exactly (value, scale and sign) what `ceil(2v) / 2`
    /// does.
    #[test]
    fn ceil_to_half_steps_matches_the_division() {
        let mut next = crate::xorshift(0x2545_F491_4F6C_DD1D);
        for i in 0..20_000u32 {
            let x = next();
            let mantissa = i64::try_from(x >> (i % 60)).unwrap_or(i64::MAX);
            let sign = if i % 7 == 0 { -1 } else { 1 };
            let v = Decimal::new(sign * mantissa, (x % 29) as u32);
            let expected = (v * Decimal::TWO).ceil() / Decimal::TWO;
            let got = ceil_to(v, Decimal::new(5, 1));
            assert_eq!(
                got.serialize(),
                expected.serialize(),
                "{v}: {got} vs {expected}"
            );
        }
        for v in [0i64, 1, 2, 3, 4, 5, 1_000_001] {
            let v = Decimal::new(v, 1);
            let expected = (v * Decimal::TWO).ceil() / Decimal::TWO;
            assert_eq!(
                ceil_to(v, Decimal::new(5, 1)).serialize(),
                expected.serialize()
            );
        }
    }

    /// `show` writes exactly what `Decimal`'s `Display` writes for `round_dp(dp).normalize()`,
    /// through its own rounding and digits for plain non-negative values.
    #[test]
    fn show_writes_what_decimal_writes() {
        let mut next = crate::xorshift(0x9E37_79B9_7F4A_7C15);
        for i in 0..20_000u32 {
            let x = next();
            let mantissa = i128::from(x >> (i % 64)) * if i % 3 == 0 { 1_000_003 } else { 1 };
            let sign = if i % 11 == 0 { -1 } else { 1 };
            let v = Decimal::from_i128_with_scale(sign * mantissa, (x % 29) as u32);
            for dp in [0, 1, 2, 3, 6] {
                let expected = v.round_dp(dp).normalize().to_string();
                assert_eq!(show(v, dp).to_string(), expected, "{v} to {dp} places");
            }
        }
        // Midpoints round half to even, as `round_dp` does.
        for (v, dp, text) in [
            ("0.25", 1, "0.2"),
            ("0.35", 1, "0.4"),
            ("2.5", 0, "2"),
            ("0", 2, "0"),
        ] {
            let v: Decimal = v.parse().unwrap();
            assert_eq!(show(v, dp).to_string(), text);
            assert_eq!(v.round_dp(dp).normalize().to_string(), text);
        }
    }

    /// `dmax`, `dmin` and `dcmp` agree with `Decimal`'s own `max`, `min` and `cmp`, to the
    /// operand returned (digits and scale): equal values of different scales, zeros of
    /// either sign, and equal scales with any mantissas.
    #[test]
    fn fast_comparisons_match_decimal() {
        let mut next = crate::xorshift(0x2545_F491_4F6C_DD1D);
        let mut values = vec![
            Decimal::ZERO,
            -Decimal::ZERO,
            Decimal::new(0, 3),
            Decimal::new(10, 1),
            Decimal::ONE,
            Decimal::new(100, 2),
            Decimal::MAX,
            Decimal::MIN,
        ];
        for i in 0..400u32 {
            let x = next();
            let mantissa = i64::try_from(x >> (i % 63)).unwrap_or(i64::MAX);
            let sign = if i % 5 == 0 { -1 } else { 1 };
            // Few scales, so that many pairs share one.
            values.push(Decimal::new(sign * mantissa, (x % 4) as u32 * 3));
            values.push(Decimal::new(sign * (mantissa % 1000), (x % 3) as u32));
        }
        for &a in &values {
            for &b in &values {
                assert_eq!(dcmp(&a, &b), a.cmp(&b), "{a} vs {b}");
                assert_eq!(dmax(a, b).serialize(), a.max(b).serialize(), "{a} max {b}");
                assert_eq!(dmin(a, b).serialize(), a.min(b).serialize(), "{a} min {b}");
            }
        }
    }

    /// `dsum` adds exactly as `Iterator::sum` of decimals does, to the digit and scale:
    /// one scale or several, zeros of either sign and scale, totals near 96 bits.
    #[test]
    fn integer_sums_match_decimal_sums() {
        let mut next = crate::xorshift(0x9E37_79B9_7F4A_7C15);
        // At scale 3, so that a total past 96 bits is rounded to a smaller scale (not an
        // overflow).
        let big = Decimal::from_i128_with_scale((1i128 << 96) / 20, 3);
        for case in 0..5_000u32 {
            let len = (next() % 25) as usize;
            let scale = (next() % 4) as u32;
            let values: Vec<Decimal> = (0..len)
                .map(|_| {
                    let r = next();
                    match (case % 5, r % 16) {
                        (0, _) => Decimal::new((r >> 40) as i64, scale),
                        (1, 0) => Decimal::new(0, (r >> 8) as u32 % 5),
                        (1, 1) => -Decimal::new(0, scale),
                        (2, 0) => -Decimal::new((r >> 50) as i64, scale),
                        (3, _) => big,
                        (4, 0) => Decimal::new((r >> 40) as i64, (r >> 8) as u32 % 5),
                        _ => Decimal::new((r >> (r % 64)) as i64 & i64::MAX, scale),
                    }
                })
                .collect();
            let expected: Decimal = values.iter().copied().sum();
            let got = dsum(values.iter().copied());
            assert_eq!(got.serialize(), expected.serialize(), "{values:?}");
        }
        assert_eq!(
            dsum(std::iter::empty()).serialize(),
            Decimal::ZERO.serialize()
        );
    }

    #[test]
    fn ceil_to_half_steps() {
        assert_eq!(
            ceil_to(Decimal::new(31, 1), Decimal::new(5, 1)),
            Decimal::new(35, 1)
        );
        assert_eq!(
            ceil_to(Decimal::from(3), Decimal::new(5, 1)),
            Decimal::from(3)
        );
        assert_eq!(ceil_to(Decimal::ZERO, Decimal::new(5, 1)), Decimal::ZERO);
    }

    /// `per_hour` gives `f` of every hour, digit for digit, over days of runs, repeats and
    /// values equal in amount but not in scale.
    #[test]
    fn per_hour_is_f_of_every_hour() {
        let mut rng = crate::xorshift(0xD1B5_4A32_D192_ED03);
        let mut next = |n: u64| rng() % n;
        let f = |d: Decimal| (d * Decimal::new(7, 1) + Decimal::new(3, 2)).round_dp(3);
        for _ in 0..5_000 {
            let palette: Vec<Decimal> = (0..1 + next(6))
                .map(|_| Decimal::new(next(50) as i64, next(3) as u32))
                .collect();
            let mut day = [Decimal::ZERO; 24];
            let mut k = next(palette.len() as u64) as usize;
            for v in &mut day {
                if next(3) == 0 {
                    k = next(palette.len() as u64) as usize;
                }
                *v = palette[k];
            }
            let got = per_hour(&day, f);
            for h in 0..24 {
                assert_eq!(got[h].serialize(), f(day[h]).serialize(), "{day:?}");
            }
        }
    }
}
