//! `Decimal` as text, exactly as its `Display` (and so its serde string) writes it, in about a
//! third of the instructions (some 280 against 890 per amount, callgrind): an estimate's
//! answer holds some 350 amounts, and `rust_decimal` writes each one digit at a time,
//! dividing its 96-bit mantissa by ten per digit.
//!
//! The text of a `Decimal` with mantissa `m` and scale `s` is: `-` when the sign is negative
//! (zero included), the digits of `|m|` left-padded with zeros to at least `s` digits, a point
//! before the last `s` of them, and `0` for an empty whole part. So `1.50` stays `1.50`
//! (trailing zeros are kept), `-0.05` is `-0.05` and zero at scale 2 is `0.00`. The output
//! types' amounts are serialised through [`serialize`] and its siblings.

use arrayvec::ArrayString;
use rust_decimal::Decimal;
use serde::Serializer;

/// The longest text: a sign, 28 zeros of scale, the point, `0` for the whole part, and
/// up to 29 digits (the mantissa is 96 bits) when the scale is 0.
const MAX_LEN: usize = 32;

/// One `Decimal`'s text, on the stack.
pub struct DecimalText(ArrayString<MAX_LEN>);

/// Zeros for the padding between the point and the digits of an amount under one.
const ZEROS: &str = "0000000000000000000000000000";

impl DecimalText {
    /// The text of `value`, byte for byte its `Display`.
    pub fn new(value: &Decimal) -> Self {
        let scale = value.scale() as usize;
        let mantissa = value.mantissa().unsigned_abs();
        let mut buffer = itoa::Buffer::new();
        // A zero mantissa has no digits: the zeros come from the padding below.
        let digits = match u64::try_from(mantissa) {
            Ok(0) => "",
            Ok(small) => buffer.format(small),
            Err(_) => buffer.format(mantissa),
        };
        // Built from `&str` pieces (itoa's digits, the sign, the point, the zeros), so the
        // text is never checked for UTF-8 again (that check was ~3 % of an answer's
        // instructions).
        let mut text = ArrayString::new();
        if value.is_sign_negative() {
            text.push('-');
        }
        if digits.len() > scale {
            let (whole, fraction) = digits.split_at(digits.len() - scale);
            text.push_str(whole);
            if scale > 0 {
                text.push('.');
                text.push_str(fraction);
            }
        } else {
            text.push('0');
            if scale > 0 {
                text.push('.');
                text.push_str(&ZEROS[..scale - digits.len()]);
                text.push_str(digits);
            }
        }
        Self(text)
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Serialises an amount as its text (what `Decimal`'s own `Serialize` writes); for
/// `#[serde(serialize_with)]`.
pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(DecimalText::new(value).as_str())
}

/// [`serialize`] for an optional amount (`null` when absent).
pub fn serialize_option<S: Serializer>(
    value: &Option<Decimal>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => serialize(value, serializer),
        None => serializer.serialize_none(),
    }
}

/// [`serialize`] for a list of amounts.
pub fn serialize_slice<S: Serializer>(
    values: &[Decimal],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = serializer.serialize_seq(Some(values.len()))?;
    for value in values {
        seq.serialize_element(DecimalText::new(value).as_str())?;
    }
    seq.end()
}

/// [`serialize`] for a list of optional amounts (`null` for each absent one).
pub fn serialize_option_slice<S: Serializer>(
    values: &[Option<Decimal>],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = serializer.serialize_seq(Some(values.len()))?;
    for value in values {
        seq.serialize_element(
            &value
                .as_ref()
                .map(DecimalText::new)
                .as_ref()
                .map(DecimalText::as_str),
        )?;
    }
    seq.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_display(value: Decimal) {
        assert_eq!(
            DecimalText::new(&value).as_str(),
            value.to_string(),
            "mantissa {} scale {}",
            value.mantissa(),
            value.scale()
        );
    }

    #[test]
    fn writes_what_display_writes_at_the_edges() {
        for scale in 0..=28 {
            for mantissa in [
                0_i128,
                1,
                -1,
                5,
                9,
                10,
                99,
                100,
                12_345,
                -12_345,
                1_000_000,
                i128::from(u64::MAX),
                i128::from(u64::MAX) + 1,
                -i128::from(u64::MAX) - 1,
                (1_i128 << 96) - 1,
                -((1_i128 << 96) - 1),
                10_i128.pow(28),
                10_i128.pow(28) - 1,
            ] {
                same_as_display(Decimal::from_i128_with_scale(mantissa, scale));
            }
        }
        // Negative zero keeps its sign in `Display`, and so here.
        let mut negative_zero = Decimal::new(0, 3);
        negative_zero.set_sign_negative(true);
        same_as_display(negative_zero);
        same_as_display(Decimal::MAX);
        same_as_display(Decimal::MIN);
    }

    #[test]
    fn writes_what_display_writes_for_results_of_arithmetic() {
        // Amounts as the engine makes them: products and quotients at many scales.
        let prices = [
            "0.0000001",
            "0.25",
            "0.125",
            "1.50",
            "0.096",
            "3",
            "1250.000000",
        ];
        let quantities = [
            "730",
            "0.5",
            "2.5",
            "1000000",
            "1500.123456789",
            "7",
            "0.0001",
        ];
        for price in prices {
            for quantity in quantities {
                let (p, q): (Decimal, Decimal) =
                    (price.parse().unwrap(), quantity.parse().unwrap());
                for value in [p * q, p / q, q / p, p - q, (p * q).round_dp(2), -(p / q)] {
                    same_as_display(value);
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn writes_what_display_writes(lo: u32, mid: u32, hi: u32, negative: bool, scale in 0_u32..=28) {
            same_as_display(Decimal::from_parts(lo, mid, hi, negative, scale));
        }
    }
}
