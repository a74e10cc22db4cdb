//! Daily traffic shapes: 24 hourly multipliers of the average request rate.
//!
//! A shape says how a day's load is spread over its hours. Multipliers are normalised so
//! their mean is exactly 1: the average rate a user types stays the average, and the peak
//! hour is `average x max(multipliers)`. Shapes are load factors, not money, so `f64` is fine.

use serde::{Deserialize, Serialize};

/// A named 24-hour traffic shape.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrafficShape {
    /// Stable identifier, e.g. `business-hours`.
    pub id: String,
    /// Human label.
    pub label: String,
    /// 24 multipliers of the average rate, hour 0 (00:00-01:00) first; mean 1.
    pub multipliers: Vec<f64>,
}

impl TrafficShape {
    /// Builds a shape from raw relative loads, normalising them to a mean of 1.
    pub fn normalised(id: &str, label: &str, raw: [f64; 24]) -> Self {
        let mean = raw.iter().sum::<f64>() / 24.0;
        let multipliers = raw.iter().map(|v| v / mean).collect();
        Self {
            id: id.to_owned(),
            label: label.to_owned(),
            multipliers,
        }
    }

    /// The busiest hour (0-23) and its multiplier.
    pub fn peak(&self) -> (u32, f64) {
        self.multipliers
            .iter()
            .copied()
            .zip(0u32..)
            .fold(
                (0, f64::MIN),
                |best, (m, hour)| if m > best.1 { (hour, m) } else { best },
            )
    }

    /// Requests per second in each hour for a given daily average.
    pub fn hourly_rates(&self, average_per_second: f64) -> Vec<f64> {
        self.multipliers
            .iter()
            .map(|m| m * average_per_second)
            .collect()
    }
}

/// The presets users pick from, in display order.
pub fn presets() -> Vec<TrafficShape> {
    vec![
        TrafficShape::normalised("flat", "Flat (steady all day)", [1.0; 24]),
        TrafficShape::normalised(
            "business-hours",
            "Business hours (09:00-18:00)",
            [
                0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.5, 1.0, 1.8, 2.2, 2.3, 2.3, //
                2.0, 2.2, 2.3, 2.2, 2.0, 1.6, 1.0, 0.6, 0.4, 0.3, 0.2, 0.2,
            ],
        ),
        TrafficShape::normalised(
            "evening-peak",
            "Evening peak (consumer app)",
            [
                0.5, 0.3, 0.2, 0.2, 0.2, 0.2, 0.4, 0.7, 0.9, 0.9, 1.0, 1.1, //
                1.2, 1.1, 1.0, 1.0, 1.1, 1.3, 1.7, 2.2, 2.6, 2.4, 1.6, 0.9,
            ],
        ),
        TrafficShape::normalised(
            "spiky-batch",
            "Spiky batch (nightly jobs)",
            [
                0.4, 0.4, 4.0, 5.0, 4.0, 0.4, 0.4, 0.4, 0.5, 0.5, 0.5, 0.5, //
                0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.4, 0.4, 0.4, 0.4, 0.4,
            ],
        ),
        TrafficShape::normalised(
            "dev-test",
            "Dev/test (nights off)",
            [
                0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.5, 1.5, 1.5, //
                1.2, 1.5, 1.5, 1.5, 1.2, 0.8, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_has_24_hours_with_mean_one() {
        for shape in presets() {
            assert_eq!(shape.multipliers.len(), 24, "{}", shape.id);
            let mean = shape.multipliers.iter().sum::<f64>() / 24.0;
            assert!((mean - 1.0).abs() < 1e-12, "{} has mean {mean}", shape.id);
        }
    }

    #[test]
    fn flat_peaks_at_one_and_business_hours_peaks_in_the_day() {
        let all = presets();
        assert_eq!(all[0].peak(), (0, 1.0));
        let (hour, multiplier) = all[1].peak();
        // Raw peak 2.3 first at 10:00; raw sum 26.4, mean 26.4 / 24 = 1.1, so 2.3 / 1.1 = 2.0909.
        assert_eq!(hour, 10);
        assert!((multiplier - 2.3 / 1.1).abs() < 1e-9);
    }

    #[test]
    fn hourly_rates_scale_the_average() {
        let flat = &presets()[0];
        assert_eq!(flat.hourly_rates(250.0), vec![250.0; 24]);
    }
}
