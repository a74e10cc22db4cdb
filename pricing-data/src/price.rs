//! Non-negative decimal newtypes used for every price and catalog quantity.
//!
//! A price table stores numbers as JSON strings (`"0.016"`) so they reach
//! [`rust_decimal::Decimal`] without passing through `f64`. [`Price`] and [`Quantity`] accept only
//! such strings, only plain digits with an optional fraction, and never a negative value: once a
//! table is parsed, code that reads it never re-checks a sign or a format.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The pattern every decimal string in a price table must match.
pub const DECIMAL_PATTERN: &str = r"^[0-9]+(\.[0-9]+)?$";

/// Why a string is not an acceptable non-negative decimal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    #[error("a negative value is not a price")]
    Negative,
    #[error("not a plain decimal number (digits with an optional fraction, e.g. \"0.016\")")]
    NotDecimal,
    #[error("too many digits to hold exactly (at most 28 significant digits)")]
    TooPrecise,
}

/// Parses a non-negative decimal from its string form, exactly (no rounding, no `f64`).
///
/// Accepts `0`, `12`, `0.016`; rejects `-1`, `1e3`, `1_000`, `.5`, `+1`, `" 1"` and numbers with
/// more digits than a `Decimal` holds.
pub fn parse_non_negative(s: &str) -> Result<Decimal, DecimalError> {
    if let Some(rest) = s.strip_prefix('-') {
        if is_plain_decimal(rest) {
            return Err(DecimalError::Negative);
        }
        return Err(DecimalError::NotDecimal);
    }
    if !is_plain_decimal(s) {
        return Err(DecimalError::NotDecimal);
    }
    Decimal::from_str_exact(s).map_err(|_| DecimalError::TooPrecise)
}

/// `^[0-9]+(\.[0-9]+)?$` without a regex engine.
fn is_plain_decimal(s: &str) -> bool {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

macro_rules! non_negative_decimal {
    ($(#[$meta:meta])* $name:ident, $what:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(Decimal);

        impl $name {
            /// Wraps a decimal, refusing a negative one.
            pub fn new(value: Decimal) -> Result<Self, DecimalError> {
                if value.is_sign_negative() && !value.is_zero() {
                    Err(DecimalError::Negative)
                } else {
                    Ok(Self(value))
                }
            }

            /// The decimal value, at full precision.
            pub fn get(self) -> Decimal {
                self.0
            }
        }

        impl From<$name> for Decimal {
            fn from(value: $name) -> Decimal {
                value.0
            }
        }

        impl FromStr for $name {
            type Err = DecimalError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                parse_non_negative(s).map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!($what, " as a decimal string such as \"0.016\""))
                    }
                    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<$name, E> {
                        s.parse().map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(V)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "description": concat!(
                        $what,
                        ": a non-negative decimal written as a JSON string, e.g. \"0.016\""
                    ),
                    "type": "string",
                    "pattern": DECIMAL_PATTERN,
                    "format": "decimal",
                })
            }
        }
    };
}

non_negative_decimal!(
    /// A price in the table's currency, per the unit its field name states.
    Price,
    "A price"
);

non_negative_decimal!(
    /// A non-negative catalog quantity (GiB of memory, hours in a month, free-tier units).
    Quantity,
    "A quantity"
);

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Result<&str, DecimalError>) {
        let got = parse_non_negative(input);
        let expected = expected.map(|s| Decimal::from_str_exact(s).unwrap());
        assert_eq!(got, expected, "input {input:?}");
    }

    #[test]
    fn parses_only_plain_non_negative_decimals() {
        check("0", Ok("0"));
        check("0.016", Ok("0.016"));
        check("12", Ok("12"));
        check("0.10", Ok("0.10"));
        check("-0.5", Err(DecimalError::Negative));
        check("-", Err(DecimalError::NotDecimal));
        check("1e3", Err(DecimalError::NotDecimal));
        check("1_000", Err(DecimalError::NotDecimal));
        check(".5", Err(DecimalError::NotDecimal));
        check("5.", Err(DecimalError::NotDecimal));
        check("+1", Err(DecimalError::NotDecimal));
        check(" 1", Err(DecimalError::NotDecimal));
        check("", Err(DecimalError::NotDecimal));
        check("abc", Err(DecimalError::NotDecimal));
        check(
            "123456789012345678901234567890123",
            Err(DecimalError::TooPrecise),
        );
    }

    #[test]
    fn keeps_the_written_scale() {
        let p: Price = "0.10".parse().unwrap();
        assert_eq!(p.to_string(), "0.10");
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"0.10\"");
    }

    #[test]
    fn refuses_json_numbers() {
        assert!(serde_json::from_str::<Price>("0.1").is_err());
        assert_eq!(
            serde_json::from_str::<Price>("\"0.1\"").unwrap().get(),
            Decimal::new(1, 1)
        );
    }

    #[test]
    fn new_refuses_negative() {
        assert_eq!(
            Price::new(Decimal::NEGATIVE_ONE),
            Err(DecimalError::Negative)
        );
        assert!(Price::new(Decimal::ZERO).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn any_non_negative_decimal_round_trips(m in 0u64..u64::MAX, scale in 0u32..12) {
            let d = Decimal::from_i128_with_scale(i128::from(m), scale);
            let s = d.to_string();
            proptest::prop_assert_eq!(parse_non_negative(&s), Ok(d));
            let p: Price = serde_json::from_str(&serde_json::to_string(&Price::new(d).unwrap()).unwrap()).unwrap();
            proptest::prop_assert_eq!(p.get(), d);
        }
    }
}
