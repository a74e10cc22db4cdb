//! Compact JSON for the big answers (an estimate is ~52 KB, mostly strings), byte for byte what
//! `serde_json::to_vec` writes, faster.
//!
//! serde_json looks up every byte of every string in its escape table; here a string is first
//! checked for anything to escape (a scan the compiler vectorises) and, as nearly every string
//! in an answer has nothing, copied whole. Strings that need escaping, numbers and everything
//! this serializer does not handle itself are written by serde_json, so the output cannot
//! drift from serde_json's; a value this serializer refuses (map keys that are not strings,
//! serde_json's own `Number` and `RawValue`) is serialised by serde_json from the start.

use serde::{
    Serialize,
    ser::{self, Impossible},
};

mod estimate;

pub use estimate::estimate_to_vec;

/// The output buffer's first capacity: an estimate is ~55 KB, so it is not regrown and copied.
const ANSWER_CAPACITY: usize = 64 * 1024;

/// `value` as compact JSON, exactly as `serde_json::to_vec` would write it.
pub fn to_vec<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(ANSWER_CAPACITY);
    if fast(value, &mut out).is_ok() {
        return Ok(out);
    }
    out.clear();
    serde_json::to_writer(&mut out, value)?;
    Ok(out)
}

/// `value` by this writer alone; on `Err`, `out` holds a part of it.
fn fast<T: ?Sized + Serialize>(value: &T, out: &mut Vec<u8>) -> Result<(), GiveUp> {
    value.serialize(&mut Writer { out })
}

/// Why the fast path gave up: the caller starts again with serde_json.
#[derive(Debug)]
pub struct GiveUp;

impl std::fmt::Display for GiveUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not handled by the fast JSON writer")
    }
}

impl std::error::Error for GiveUp {}

impl ser::Error for GiveUp {
    fn custom<T: std::fmt::Display>(_msg: T) -> Self {
        GiveUp
    }
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

impl Writer<'_> {
    /// Writes `value` with serde_json (numbers, escaped strings).
    fn by_serde_json<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), GiveUp> {
        serde_json::to_writer(&mut *self.out, value).map_err(|_| GiveUp)
    }

    fn string(&mut self, value: &str) -> Result<(), GiveUp> {
        let bytes = value.as_bytes();
        if needs_escaping(bytes) {
            return self.by_serde_json(value);
        }
        self.quoted(bytes);
        Ok(())
    }

    /// `bytes`, which need no escaping, between quotes.
    fn quoted(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        // Most strings are keys and numbers' text, under 17 bytes: they go out as one
        // fixed-size frame (the quotes and two overlapping word copies), cut to length,
        // instead of a call to memcpy and three capacity checks. The frame is written in place
        // at the end of the output: built on the stack and copied whole, it was read back as
        // one 16-byte word straight after its narrower writes, which the CPU cannot forward
        // from its store buffer (a stall on every string: 12 % of an estimate's CPU time).
        if n <= 16 {
            let len = self.out.len();
            self.out.extend_from_slice(&[b'"'; 18]);
            let frame = &mut self.out[len..len + 18];
            if n >= 8 {
                frame[1..9].copy_from_slice(&bytes[..8]);
                frame[n - 7..n + 1].copy_from_slice(&bytes[n - 8..]);
            } else if n >= 4 {
                frame[1..5].copy_from_slice(&bytes[..4]);
                frame[n - 3..n + 1].copy_from_slice(&bytes[n - 4..]);
            } else {
                for (i, &b) in bytes.iter().enumerate() {
                    frame[1 + i] = b;
                }
            }
            frame[n + 1] = b'"';
            self.out.truncate(len + n + 2);
            return;
        }
        self.out.reserve(n + 2);
        self.out.push(b'"');
        self.out.extend_from_slice(bytes);
        self.out.push(b'"');
    }
}

/// True when `bytes` hold a quote, a backslash or a control character (what JSON escapes).
/// Most strings in an answer are short (keys, numbers' text), so no byte is looked at alone
/// unless the string is under 4 bytes: 16 bytes at a time (one vector comparison each) and
/// the last, overlapping 16; under 16 bytes, two overlapping 8- or 4-byte words tested whole.
fn needs_escaping(bytes: &[u8]) -> bool {
    let n = bytes.len();
    if n >= 16 {
        let (blocks, _) = bytes.as_chunks::<16>();
        let last: &[u8; 16] = bytes[n - 16..].try_into().unwrap_or(&[0; 16]);
        blocks.iter().any(block_needs_escaping) || block_needs_escaping(last)
    } else if n >= 8 {
        word_needs_escaping(u64::from_le_bytes(bytes[..8].try_into().unwrap_or([0; 8])))
            || word_needs_escaping(u64::from_le_bytes(
                bytes[n - 8..].try_into().unwrap_or([0; 8]),
            ))
    } else if n >= 4 {
        let word = |at: usize| {
            let four: [u8; 4] = bytes[at..at + 4].try_into().unwrap_or([0; 4]);
            // Four copies of a space (not escaped) fill the upper half.
            u64::from(u32::from_le_bytes(four)) | 0x2020_2020_0000_0000
        };
        word_needs_escaping(word(0)) || word_needs_escaping(word(n - 4))
    } else {
        bytes.iter().any(|&b| ESCAPED[usize::from(b)])
    }
}

#[inline]
fn block_needs_escaping(block: &[u8; 16]) -> bool {
    block.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// True when one of the 8 bytes of `word` is under 0x20, a quote or a backslash (the usual
/// word-at-a-time tests: each is exact about whether any byte matches).
#[inline]
fn word_needs_escaping(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let has_zero = |x: u64| below(x, 1);
    (below(word, 0x20)
        | has_zero(word ^ (ONES * u64::from(b'"')))
        | has_zero(word ^ (ONES * u64::from(b'\\'))))
        != 0
}

/// The bytes JSON escapes.
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// serde_json's names for its arbitrary-precision `Number` and for `RawValue`.
fn is_serde_json_private(name: &str) -> bool {
    name.starts_with("$serde_json::private::")
}

macro_rules! by_serde_json {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(fn $method(self, value: $ty) -> Result<(), GiveUp> {
            self.by_serde_json(&value)
        })*
    };
}

impl<'a, 'b> ser::Serializer for &'a mut Writer<'b> {
    type Ok = ();
    type Error = GiveUp;
    type SerializeSeq = Seq<'a, 'b>;
    type SerializeTuple = Seq<'a, 'b>;
    type SerializeTupleStruct = Seq<'a, 'b>;
    type SerializeTupleVariant = Seq<'a, 'b>;
    type SerializeMap = Map<'a, 'b>;
    type SerializeStruct = Map<'a, 'b>;
    type SerializeStructVariant = Map<'a, 'b>;

    by_serde_json!(
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
    );

    fn serialize_bool(self, value: bool) -> Result<(), GiveUp> {
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
        Ok(())
    }

    fn serialize_str(self, value: &str) -> Result<(), GiveUp> {
        self.string(value)
    }

    fn serialize_bytes(self, value: &[u8]) -> Result<(), GiveUp> {
        // serde_json writes bytes as an array of numbers, as it does a slice of `u8`.
        self.by_serde_json(value)
    }

    fn serialize_none(self) -> Result<(), GiveUp> {
        self.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), GiveUp> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), GiveUp> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), GiveUp> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), GiveUp> {
        self.string(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), GiveUp> {
        if is_serde_json_private(name) {
            return Err(GiveUp);
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), GiveUp> {
        self.out.push(b'{');
        self.string(variant)?;
        self.out.push(b':');
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq<'a, 'b>, GiveUp> {
        self.out.push(b'[');
        Ok(Seq {
            writer: self,
            first: true,
            variant: false,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Seq<'a, 'b>, GiveUp> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'b>, GiveUp> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Seq<'a, 'b>, GiveUp> {
        self.out.push(b'{');
        self.string(variant)?;
        self.out.extend_from_slice(b":[");
        Ok(Seq {
            writer: self,
            first: true,
            variant: true,
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'a, 'b>, GiveUp> {
        self.out.push(b'{');
        Ok(Map {
            writer: self,
            first: true,
            variant: false,
        })
    }

    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Map<'a, 'b>, GiveUp> {
        if is_serde_json_private(name) {
            return Err(GiveUp);
        }
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Map<'a, 'b>, GiveUp> {
        self.out.push(b'{');
        self.string(variant)?;
        self.out.extend_from_slice(b":{");
        Ok(Map {
            writer: self,
            first: true,
            variant: true,
        })
    }
}

/// An array being written; `variant` when it sits in `{"variant":[...]}`.
struct Seq<'a, 'b> {
    writer: &'a mut Writer<'b>,
    first: bool,
    variant: bool,
}

impl Seq<'_, '_> {
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), GiveUp> {
        if !self.first {
            self.writer.out.push(b',');
        }
        self.first = false;
        value.serialize(&mut *self.writer)
    }

    fn finish(self) -> Result<(), GiveUp> {
        self.writer.out.push(b']');
        if self.variant {
            self.writer.out.push(b'}');
        }
        Ok(())
    }
}

/// The four serde traits of a JSON array: each element goes through [`Seq::element`], and
/// the end through [`Seq::finish`].
macro_rules! array_traits {
    ($($trait:ident::$method:ident),* $(,)?) => {
        $(impl ser::$trait for Seq<'_, '_> {
            type Ok = ();
            type Error = GiveUp;

            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), GiveUp> {
                self.element(value)
            }

            fn end(self) -> Result<(), GiveUp> {
                self.finish()
            }
        })*
    };
}

array_traits!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

/// An object being written; `variant` when it sits in `{"variant":{...}}`.
struct Map<'a, 'b> {
    writer: &'a mut Writer<'b>,
    first: bool,
    variant: bool,
}

impl Map<'_, '_> {
    fn key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), GiveUp> {
        if !self.first {
            self.writer.out.push(b',');
        }
        self.first = false;
        key.serialize(KeyWriter {
            writer: &mut *self.writer,
        })?;
        self.writer.out.push(b':');
        Ok(())
    }

    /// A struct's field name: `"name":`, after a comma unless it is the first. Field names
    /// are Rust identifiers or serde renames, so they are not checked for characters to
    /// escape (an estimate has some 2,800 of them); a name that held one would make this
    /// writer's output differ from serde_json's, which the tests below compare for every
    /// answer type.
    fn field_name(&mut self, name: &'static str) {
        debug_assert!(!needs_escaping(name.as_bytes()), "field name {name:?}");
        if !self.first {
            self.writer.out.push(b',');
        }
        self.first = false;
        self.writer.quoted(name.as_bytes());
        self.writer.out.push(b':');
    }

    fn finish(self) -> Result<(), GiveUp> {
        self.writer.out.push(b'}');
        if self.variant {
            self.writer.out.push(b'}');
        }
        Ok(())
    }
}

impl ser::SerializeMap for Map<'_, '_> {
    type Ok = ();
    type Error = GiveUp;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), GiveUp> {
        self.key(key)
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), GiveUp> {
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), GiveUp> {
        self.finish()
    }
}

/// The two serde traits of a JSON object with fixed keys (a struct, a struct variant).
macro_rules! object_traits {
    ($($trait:ident),* $(,)?) => {
        $(impl ser::$trait for Map<'_, '_> {
            type Ok = ();
            type Error = GiveUp;

            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), GiveUp> {
                self.field_name(key);
                value.serialize(&mut *self.writer)
            }

            fn end(self) -> Result<(), GiveUp> {
                self.finish()
            }
        })*
    };
}

object_traits!(SerializeStruct, SerializeStructVariant);

/// A map key: strings (and unit variants, which are strings) only; serde_json also quotes
/// numbers and booleans used as keys, which this writer leaves to it.
struct KeyWriter<'a, 'b> {
    writer: &'a mut Writer<'b>,
}

macro_rules! give_up {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(fn $method(self, _value: $ty) -> Result<(), GiveUp> {
            Err(GiveUp)
        })*
    };
}

impl ser::Serializer for KeyWriter<'_, '_> {
    type Ok = ();
    type Error = GiveUp;
    type SerializeSeq = Impossible<(), GiveUp>;
    type SerializeTuple = Impossible<(), GiveUp>;
    type SerializeTupleStruct = Impossible<(), GiveUp>;
    type SerializeTupleVariant = Impossible<(), GiveUp>;
    type SerializeMap = Impossible<(), GiveUp>;
    type SerializeStruct = Impossible<(), GiveUp>;
    type SerializeStructVariant = Impossible<(), GiveUp>;

    give_up!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_i128(i128),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_u128(u128),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
    );

    fn serialize_str(self, value: &str) -> Result<(), GiveUp> {
        self.writer.string(value)
    }

    fn serialize_none(self) -> Result<(), GiveUp> {
        Err(GiveUp)
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<(), GiveUp> {
        Err(GiveUp)
    }

    fn serialize_unit(self) -> Result<(), GiveUp> {
        Err(GiveUp)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), GiveUp> {
        Err(GiveUp)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), GiveUp> {
        self.writer.string(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), GiveUp> {
        if is_serde_json_private(name) {
            return Err(GiveUp);
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), GiveUp> {
        Err(GiveUp)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, GiveUp> {
        Err(GiveUp)
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, GiveUp> {
        Err(GiveUp)
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, GiveUp> {
        Err(GiveUp)
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, GiveUp> {
        Err(GiveUp)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, GiveUp> {
        Err(GiveUp)
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, GiveUp> {
        Err(GiveUp)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, GiveUp> {
        Err(GiveUp)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::{fast, to_vec};

    /// Same bytes as serde_json.
    fn check<T: Serialize>(value: &T) {
        let ours = to_vec(value).unwrap();
        let theirs = serde_json::to_vec(value).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }

    /// Same bytes as serde_json, written without falling back to it for the whole value.
    fn check_fast<T: Serialize>(value: &T) {
        let mut ours = Vec::new();
        fast(value, &mut ours).unwrap();
        let theirs = serde_json::to_vec(value).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Plain,
        Newtype(u32),
        Tuple(u8, String),
        Struct { a: Option<f64>, b: bool },
    }

    #[derive(Serialize)]
    struct Inner {
        kind: Kind,
        unit: (),
        tuple: (i64, &'static str),
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
    }

    #[derive(Serialize)]
    struct Outer {
        #[serde(flatten)]
        inner: Inner,
        list: Vec<Kind>,
        empty: Vec<u8>,
        map: BTreeMap<String, f64>,
        price: rust_decimal::Decimal,
        bytes: &'static [u8],
    }

    #[test]
    fn writes_what_serde_json_writes() {
        for text in [
            "",
            "plain ASCII text that runs past one chunk of thirty-two bytes",
            "quote \" backslash \\ slash / newline \n tab \t bell \u{7} del \u{7f}",
            "30 % \u{d7} 1.2 GiB \u{2014} \u{1f680}",
            "\u{0}",
        ] {
            check(&text);
            check(&BTreeMap::from([(text, text)]));
        }
        check_fast(&Outer {
            inner: Inner {
                kind: Kind::Struct {
                    a: Some(f64::NAN),
                    b: true,
                },
                unit: (),
                tuple: (-3, "x"),
                skipped: None,
            },
            list: vec![
                Kind::Plain,
                Kind::Newtype(7),
                Kind::Tuple(1, "y\"".into()),
                Kind::Struct {
                    a: Some(0.1),
                    b: false,
                },
            ],
            empty: vec![],
            map: BTreeMap::from([("k".into(), 1e300), ("z".into(), -0.0)]),
            price: rust_decimal::Decimal::new(-123_456, 4),
            bytes: b"ab",
        });
        for number in [f64::INFINITY, 1.0, 123_456_789.012_345_68, 5e-324, f64::MAX] {
            check(&number);
        }
        check(&(u128::MAX, i128::MIN, 'c', '"', Some("s"), None::<u8>));
    }

    /// The escape check against the byte-by-byte table, for every length up to 40 with each
    /// byte value at each position, and for random strings.
    #[test]
    fn finds_every_byte_that_needs_escaping() {
        let reference = |bytes: &[u8]| bytes.iter().any(|&b| super::ESCAPED[usize::from(b)]);
        for len in 0..=40 {
            let plain = vec![b'a'; len];
            assert!(!super::needs_escaping(&plain));
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut bytes = plain.clone();
                    bytes[at] = byte;
                    assert_eq!(
                        super::needs_escaping(&bytes),
                        reference(&bytes),
                        "byte {byte:#04x} at {at} of {len}"
                    );
                }
            }
        }
        // Random strings over bytes near the edges (0x1f/0x20, the quote, the backslash,
        // 0x80+), checked for both the answer and the bytes written.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet = b"\x00\x1f\x20\x21\"\\/aZ09.-\x7f";
        for _ in 0..20_000 {
            let len = (next() % 48) as usize;
            let clean = next() % 2 == 0;
            let text: String = (0..len)
                .map(|_| {
                    let r = next();
                    if clean || r % 8 != 0 {
                        char::from(b"abc 0123.456-xyz"[(r >> 8) as usize % 16])
                    } else if r % 16 == 0 {
                        ['\u{e9}', '\u{2014}', '\u{1f680}'][(r >> 8) as usize % 3]
                    } else {
                        char::from(alphabet[(r >> 8) as usize % alphabet.len()])
                    }
                })
                .collect();
            assert_eq!(
                super::needs_escaping(text.as_bytes()),
                reference(text.as_bytes())
            );
            check(&text);
        }
    }

    #[test]
    fn leaves_what_it_does_not_handle_to_serde_json() {
        // Numbers as keys, serde_json's own Number (arbitrary precision) and Value.
        check(&BTreeMap::from([(1, "one"), (2, "two")]));
        check(&BTreeMap::from([(true, 1)]));
        let value: serde_json::Value =
            serde_json::from_str(r#"{"n": 1.50000000000000000001, "s": "\u0001", "a": [1, {}]}"#)
                .unwrap();
        check(&value);
    }

    #[test]
    fn an_estimate_is_written_as_serde_json_writes_it() {
        let table = pricing_data::bundled()
            .into_iter()
            .find_map(|(_, json)| {
                pricing_data::parse(json, time::macros::date!(2026 - 11 - 26)).ok()
            })
            .unwrap();
        for scenario in [
            r#"{}"#,
            r#"{"traffic": {"reads_per_second": "1500", "writes_per_second": "300"}}"#,
            r#"{"traffic": {"reads_per_second": {"low": "100", "likely": "1500", "high": "9000"}}}"#,
        ] {
            let scenario = engine::Scenario::from_json(scenario).unwrap();
            let used = crate::pricing::PriceTableRef::of(&table, 30);
            check_fast(&crate::pricing::estimate(&scenario, &table, used).unwrap());
            let multipliers = engine::log_multipliers(5);
            check_fast(
                &engine::sweep(&scenario, &table, engine::SweepAxis::Traffic, &multipliers)
                    .unwrap(),
            );
        }
    }
}
