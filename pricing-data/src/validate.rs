//! Parsing a price table: every problem at once, each with its JSON path.
//!
//! serde stops at the first error, and a user fixing a hand-edited table wants the whole list.
//! So [`parse`] first reads the text into a [`serde_json::Value`], then walks it against the
//! JSON Schema generated from the Rust types ([`crate::json_schema`]) collecting every mismatch:
//! unknown fields (a typo must never silently drop a price), missing fields, wrong types,
//! negative or non-numeric prices, unknown regions and currencies, duplicated instance classes.
//! Rules the schema cannot state (a supported `schema_version`, no date in the future) are
//! checked beside it. Only a document without any error is deserialized into a [`PriceTable`].

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::Date;

use crate::codes::{is_aws_region, is_currency};
use crate::price::{DecimalError, parse_non_negative};
use crate::schema::json_schema;
use crate::table::{PriceTable, SCHEMA_VERSION, parse_date};

/// One problem in a price table document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, thiserror::Error)]
pub struct FieldError {
    /// JSON path of the offending value, e.g. `rds.engines.postgresql.instances[3].hourly.multi_az`;
    /// empty for the document as a whole.
    pub path: String,
    /// What kind of problem it is.
    pub kind: FieldErrorKind,
    /// The offending value, rendered as JSON (strings quoted, long values shortened).
    pub found: String,
    /// What was expected there.
    pub expected: String,
}

/// The kinds of problem [`parse`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldErrorKind {
    /// The text is not JSON at all.
    Syntax,
    /// `schema_version` is not one this crate reads; nothing else is checked.
    UnsupportedSchemaVersion,
    /// A field the format does not have (often a typo).
    UnknownField,
    /// A required field is absent.
    MissingField,
    /// A value of the wrong JSON type (e.g. a number where a decimal string belongs).
    WrongType,
    /// A value of the right type that is not acceptable (malformed decimal or date, unknown
    /// enumeration value).
    InvalidValue,
    /// A negative price or quantity.
    Negative,
    /// A second entry for the same instance class, node type or reserved offering.
    Duplicate,
    /// A region code that is not an AWS region.
    UnknownRegion,
    /// A currency code that is not ISO 4217.
    UnknownCurrency,
    /// A date after "today".
    FutureDate,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(document)"
        } else {
            &self.path
        };
        write!(
            f,
            "{path}: expected {}, found {}",
            self.expected, self.found
        )
    }
}

/// Parses and validates a price table; `today` is the date future dates are judged against.
///
/// Returns every problem found, in document order, or the table. Use this rather than
/// deserializing [`PriceTable`] with serde, which checks less and stops at the first error.
pub fn parse(json: &str, today: Date) -> Result<PriceTable, Vec<FieldError>> {
    let value: Value = serde_json::from_str(json).map_err(|e| {
        vec![FieldError {
            path: String::new(),
            kind: FieldErrorKind::Syntax,
            found: format!(
                "invalid JSON at line {} column {}: {e}",
                e.line(),
                e.column()
            ),
            expected: "a JSON price table document".to_owned(),
        }]
    })?;
    validate_value(&value, today)?;
    serde_json::from_value(value).map_err(|e| {
        // The schema walk accepts exactly what serde accepts; reaching this is a bug, but it is
        // still reported as a field error rather than a panic.
        vec![FieldError {
            path: String::new(),
            kind: FieldErrorKind::InvalidValue,
            found: e.to_string(),
            expected: "a document the price-table types accept".to_owned(),
        }]
    })
}

/// Validates an already-parsed JSON document; `Ok(())` means [`parse`] would succeed.
pub fn validate_value(value: &Value, today: Date) -> Result<(), Vec<FieldError>> {
    if let Some(version) = value.get("schema_version")
        && version.as_u64() != Some(u64::from(SCHEMA_VERSION))
        && (version.is_number())
    {
        // A document of another version cannot be judged by this version's rules.
        return Err(vec![FieldError {
            path: "schema_version".to_owned(),
            kind: FieldErrorKind::UnsupportedSchemaVersion,
            found: render(version),
            expected: SCHEMA_VERSION.to_string(),
        }]);
    }

    let schema = json_schema();
    let empty = Map::new();
    let defs = schema
        .get("$defs")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut walker = Walker {
        defs,
        errors: Vec::new(),
    };
    walker.walk(&schema, value, "");

    for field in ["effective_date", "publication_date"] {
        if let Some(date) = value
            .get(field)
            .and_then(Value::as_str)
            .and_then(parse_date)
            && date > today
        {
            walker.errors.push(FieldError {
                path: field.to_owned(),
                kind: FieldErrorKind::FutureDate,
                found: render(&value[field]),
                expected: format!("a date on or before today ({today})"),
            });
        }
    }

    if walker.errors.is_empty() {
        Ok(())
    } else {
        Err(walker.errors)
    }
}

static EMPTY: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);

/// Walks a JSON value against the (schemars-generated) schema, collecting errors.
struct Walker<'s> {
    defs: &'s Map<String, Value>,
    errors: Vec<FieldError>,
}

impl<'s> Walker<'s> {
    fn error(
        &mut self,
        path: &str,
        kind: FieldErrorKind,
        found: String,
        expected: impl Into<String>,
    ) {
        self.errors.push(FieldError {
            path: path.to_owned(),
            kind,
            found,
            expected: expected.into(),
        });
    }

    fn resolve(&self, schema: &'s Value) -> &'s Value {
        let mut schema = schema;
        // Follow `$ref` chains; schemars only emits local `#/$defs/Name` references.
        for _ in 0..16 {
            match schema
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
            {
                Some(name) => match self.defs.get(name) {
                    Some(target) => schema = target,
                    None => break,
                },
                None => break,
            }
        }
        schema
    }

    fn walk(&mut self, schema: &'s Value, value: &Value, path: &str) {
        let schema = self.resolve(schema);
        let Some(rules) = schema.as_object() else {
            return;
        };

        if let Some(branches) = rules
            .get("anyOf")
            .or_else(|| rules.get("oneOf"))
            .and_then(Value::as_array)
        {
            self.walk_alternatives(branches, value, path);
            return;
        }

        if let Some(types) = rules.get("type")
            && !type_matches(types, value)
        {
            self.error(
                path,
                FieldErrorKind::WrongType,
                render(value),
                describe(schema, self.defs),
            );
            return;
        }

        if let Some(expected) = rules.get("const")
            && value != expected
        {
            self.error(
                path,
                FieldErrorKind::InvalidValue,
                render(value),
                render(expected),
            );
            return;
        }

        let format = rules.get("format").and_then(Value::as_str);
        if let Some(s) = value.as_str() {
            match format {
                Some("decimal") => match parse_non_negative(s) {
                    Ok(_) => {}
                    Err(DecimalError::Negative) => {
                        self.error(
                            path,
                            FieldErrorKind::Negative,
                            render(value),
                            "a non-negative decimal",
                        );
                    }
                    Err(e) => self.error(
                        path,
                        FieldErrorKind::InvalidValue,
                        render(value),
                        e.to_string(),
                    ),
                },
                Some("date") if parse_date(s).is_none() => {
                    self.error(
                        path,
                        FieldErrorKind::InvalidValue,
                        render(value),
                        "a date written YYYY-MM-DD",
                    );
                }
                Some("aws-region") if !is_aws_region(s) => self.error(
                    path,
                    FieldErrorKind::UnknownRegion,
                    render(value),
                    "an AWS region code such as \"us-east-1\"",
                ),
                Some("iso-4217") if !is_currency(s) => self.error(
                    path,
                    FieldErrorKind::UnknownCurrency,
                    render(value),
                    "an ISO 4217 currency code such as \"USD\"",
                ),
                Some("aws-region" | "iso-4217") => {}
                _ => {
                    if let Some(allowed) = rules.get("enum").and_then(Value::as_array)
                        && !allowed.contains(value)
                    {
                        self.error(
                            path,
                            FieldErrorKind::InvalidValue,
                            render(value),
                            one_of(allowed),
                        );
                    }
                }
            }
        }

        if value.is_number() {
            self.check_integer(rules, value, path);
        }

        if let Some(object) = value.as_object() {
            self.walk_object(rules, object, path);
        }

        if let Some(items) = value.as_array() {
            self.walk_array(rules, items, path);
        }
    }

    fn check_integer(&mut self, rules: &Map<String, Value>, value: &Value, path: &str) {
        if rules.get("format").and_then(Value::as_str) == Some("uint32") {
            let fits = value.as_u64().is_some_and(|n| u32::try_from(n).is_ok());
            if !fits {
                let kind = if value.as_i64().is_some_and(|n| n < 0) {
                    FieldErrorKind::Negative
                } else {
                    FieldErrorKind::InvalidValue
                };
                self.error(
                    path,
                    kind,
                    render(value),
                    "a whole number from 0 to 4294967295",
                );
            }
        }
    }

    fn walk_object(
        &mut self,
        rules: &'s Map<String, Value>,
        object: &Map<String, Value>,
        path: &str,
    ) {
        let properties = rules
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&EMPTY);
        // Sorted, so the error order does not depend on serde_json's `preserve_order` feature.
        let mut entries: Vec<(&String, &Value)> = object.iter().collect();
        entries.sort_by_key(|(k, _)| *k);
        for (key, child) in entries {
            let child_path = join(path, key);
            match properties.get(key) {
                Some(child_schema) => self.walk(child_schema, child, &child_path),
                None => match rules.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        let expected = match closest(key, properties.keys()) {
                            Some(near) => format!("a known field (did you mean \"{near}\"?)"),
                            None => format!(
                                "one of the known fields: {}",
                                properties
                                    .keys()
                                    .map(String::as_str)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        };
                        self.error(
                            &child_path,
                            FieldErrorKind::UnknownField,
                            render(&Value::String(key.clone())),
                            expected,
                        );
                    }
                    Some(extra @ Value::Object(_)) => self.walk(extra, child, &child_path),
                    _ => {}
                },
            }
        }
        for required in rules
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(name) = required.as_str()
                && !object.contains_key(name)
            {
                let expected = properties
                    .get(name)
                    .map(|s| describe(s, self.defs))
                    .unwrap_or_else(|| "a value".to_owned());
                self.error(
                    &join(path, name),
                    FieldErrorKind::MissingField,
                    "nothing".to_owned(),
                    format!("{expected} (required)"),
                );
            }
        }
    }

    fn walk_array(&mut self, rules: &'s Map<String, Value>, items: &[Value], path: &str) {
        if let Some(item_schema) = rules.get("items") {
            for (i, item) in items.iter().enumerate() {
                self.walk(item_schema, item, &format!("{path}[{i}]"));
            }
        }
        let Some(fields) = rules.get("x-unique-by").and_then(Value::as_array) else {
            return;
        };
        let fields: Vec<&str> = fields.iter().filter_map(Value::as_str).collect();
        let mut seen: HashMap<Vec<&Value>, usize> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            let Some(entry) = item.as_object() else {
                continue;
            };
            let Some(key) = fields
                .iter()
                .map(|f| entry.get(*f))
                .collect::<Option<Vec<&Value>>>()
            else {
                continue;
            };
            let rendered = key
                .iter()
                .map(|v| render(v))
                .collect::<Vec<_>>()
                .join(" / ");
            if let Some(first) = seen.get(&key) {
                let item_path = if fields.len() == 1 {
                    format!("{path}[{i}].{}", fields[0])
                } else {
                    format!("{path}[{i}]")
                };
                self.error(
                    &item_path,
                    FieldErrorKind::Duplicate,
                    rendered,
                    format!(
                        "a {} not already listed (first at {path}[{first}])",
                        fields.join(" / ")
                    ),
                );
            } else {
                seen.insert(key, i);
            }
        }
    }

    fn walk_alternatives(&mut self, branches: &'s [Value], value: &Value, path: &str) {
        let mut best: Option<Vec<FieldError>> = None;
        let mut consts = Vec::new();
        for branch in branches {
            let branch = self.resolve(branch);
            let mut sub = Walker {
                defs: self.defs,
                errors: Vec::new(),
            };
            sub.walk(branch, value, path);
            if sub.errors.is_empty() {
                return;
            }
            if let Some(c) = branch.get("const") {
                consts.push(c.clone());
            }
            // For `Option<T>` the null branch says nothing useful about a non-null value.
            let is_null_branch = branch.get("type").and_then(Value::as_str) == Some("null");
            if is_null_branch && !value.is_null() {
                continue;
            }
            if best.as_ref().is_none_or(|b| sub.errors.len() < b.len()) {
                best = Some(sub.errors);
            }
        }
        if !consts.is_empty() && consts.len() == branches.len() {
            let kind = if value.is_string() {
                FieldErrorKind::InvalidValue
            } else {
                FieldErrorKind::WrongType
            };
            self.error(path, kind, render(value), one_of(&consts));
        } else if let Some(errors) = best {
            self.errors.extend(errors);
        }
    }
}

fn type_matches(types: &Value, value: &Value) -> bool {
    let one = |t: &str| match t {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "integer" => value.is_u64() || value.is_i64(),
        "number" => value.is_number(),
        _ => true,
    };
    match types {
        Value::String(t) => one(t),
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).any(one),
        _ => true,
    }
}

/// A human description of what a schema accepts.
fn describe(schema: &Value, defs: &Map<String, Value>) -> String {
    let schema = match schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        Some(name) => defs.get(name).unwrap_or(schema),
        None => schema,
    };
    if let Some(branches) = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))
        .and_then(Value::as_array)
    {
        let consts: Vec<Value> = branches
            .iter()
            .filter_map(|b| b.get("const").cloned())
            .collect();
        if consts.len() == branches.len() {
            return one_of(&consts);
        }
        if let Some(first) = branches
            .iter()
            .find(|b| b.get("type").and_then(Value::as_str) != Some("null"))
        {
            return describe(first, defs);
        }
    }
    match schema.get("format").and_then(Value::as_str) {
        Some("decimal") => return "a decimal string such as \"0.016\"".to_owned(),
        Some("date") => return "a date string written YYYY-MM-DD".to_owned(),
        Some("aws-region") => return "an AWS region code such as \"us-east-1\"".to_owned(),
        Some("iso-4217") => return "an ISO 4217 currency code such as \"USD\"".to_owned(),
        _ => {}
    }
    if let Some(c) = schema.get("const") {
        return render(c);
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        return one_of(allowed);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") => "an object".to_owned(),
        Some("array") => "an array".to_owned(),
        Some("string") => "a string".to_owned(),
        Some("integer") => "a whole number".to_owned(),
        Some("number") => "a number".to_owned(),
        Some("boolean") => "true or false".to_owned(),
        _ => "a value".to_owned(),
    }
}

fn one_of(values: &[Value]) -> String {
    let shown: Vec<String> = values.iter().take(12).map(render).collect();
    let more = if values.len() > 12 {
        format!(" (and {} more)", values.len() - 12)
    } else {
        String::new()
    };
    format!("one of {}{more}", shown.join(", "))
}

/// Renders a value for an error message: JSON, with containers summarised and long text cut.
fn render(value: &Value) -> String {
    match value {
        Value::Object(_) => "an object".to_owned(),
        Value::Array(items) => format!("an array of {} items", items.len()),
        other => {
            let text = other.to_string();
            if text.chars().count() > 80 {
                format!("{}…", text.chars().take(80).collect::<String>())
            } else {
                text
            }
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The known name nearest to a misspelt one, if it is within two edits.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a String>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use time::macros::date;

    use super::*;

    const SMALL: &str = include_str!("testdata/small.json");
    const TODAY: Date = date!(2026 - 11 - 26);

    fn small() -> Value {
        serde_json::from_str(SMALL).unwrap()
    }

    /// Applies `edit` to the small fixture and asserts the exact list of (path, kind) errors.
    fn check(edit: impl FnOnce(&mut Value), expected: &[(&str, FieldErrorKind)]) {
        let mut doc = small();
        edit(&mut doc);
        let errors = parse(&doc.to_string(), TODAY).expect_err("the edit should make it invalid");
        let got: Vec<(&str, FieldErrorKind)> =
            errors.iter().map(|e| (e.path.as_str(), e.kind)).collect();
        assert_eq!(got, expected, "errors: {errors:#?}");
    }

    fn at<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut Value {
        doc.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("no {pointer} in the fixture"))
    }

    #[test]
    fn the_fixture_is_valid() {
        let table = parse(SMALL, TODAY).unwrap();
        assert_eq!(table.region.as_str(), "us-east-1");
        assert_eq!(table.hours_per_month.to_string(), "730");
    }

    #[test]
    fn negative_price_names_its_path() {
        check(
            |d| *at(d, "/rds/engines/postgresql/instances/1/hourly/multi_az") = json!("-0.45"),
            &[(
                "rds.engines.postgresql.instances[1].hourly.multi_az",
                FieldErrorKind::Negative,
            )],
        );
    }

    #[test]
    fn non_numeric_price_names_its_path() {
        check(
            |d| *at(d, "/dynamodb/table_classes/standard/storage_gb_month") = json!("0.25 USD"),
            &[(
                "dynamodb.table_classes.standard.storage_gb_month",
                FieldErrorKind::InvalidValue,
            )],
        );
    }

    #[test]
    fn price_as_json_number_is_a_wrong_type() {
        check(
            |d| *at(d, "/aurora/engines/postgresql/io_per_million") = json!(0.2),
            &[(
                "aurora.engines.postgresql.io_per_million",
                FieldErrorKind::WrongType,
            )],
        );
    }

    #[test]
    fn unknown_region_and_currency() {
        check(
            |d| {
                d["region"] = json!("us-east1");
                d["currency"] = json!("usd");
            },
            &[
                ("currency", FieldErrorKind::UnknownCurrency),
                ("region", FieldErrorKind::UnknownRegion),
            ],
        );
    }

    #[test]
    fn duplicated_instance_class() {
        check(
            |d| {
                let instances = at(d, "/rds/engines/postgresql/instances")
                    .as_array_mut()
                    .unwrap();
                let copy = instances[0].clone();
                instances.push(copy);
            },
            &[(
                "rds.engines.postgresql.instances[2].class",
                FieldErrorKind::Duplicate,
            )],
        );
    }

    #[test]
    fn duplicated_catalog_and_node_entries() {
        check(
            |d| {
                let classes = d["db_instance_classes"].as_array_mut().unwrap();
                classes.push(classes[1].clone());
                let nodes = at(d, "/elasticache/engines/valkey/nodes")
                    .as_array_mut()
                    .unwrap();
                nodes.push(json!({ "node_type": "cache.r7g.large", "hourly": "0.2" }));
            },
            &[
                ("db_instance_classes[2].class", FieldErrorKind::Duplicate),
                (
                    "elasticache.engines.valkey.nodes[1].node_type",
                    FieldErrorKind::Duplicate,
                ),
            ],
        );
    }

    #[test]
    fn duplicated_reserved_offering_is_named_by_its_entry() {
        check(
            |d| {
                let reserved = at(d, "/rds/engines/postgresql/reserved")
                    .as_array_mut()
                    .unwrap();
                reserved.push(reserved[0].clone());
                // Same class with another term is a different offering, not a duplicate.
                let mut other = reserved[0].clone();
                other["term"] = json!("3y");
                reserved.push(other);
            },
            &[(
                "rds.engines.postgresql.reserved[1]",
                FieldErrorKind::Duplicate,
            )],
        );
    }

    #[test]
    fn unknown_field_is_rejected_with_a_suggestion() {
        let mut doc = small();
        let hourly = at(&mut doc, "/rds/engines/postgresql/instances/0/hourly")
            .as_object_mut()
            .unwrap();
        let price = hourly.remove("multi_az").unwrap();
        hourly.insert("multi_ax".to_owned(), price);
        let errors = parse(&doc.to_string(), TODAY).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_eq!(
            errors[0].path,
            "rds.engines.postgresql.instances[0].hourly.multi_ax"
        );
        assert_eq!(errors[0].kind, FieldErrorKind::UnknownField);
        assert_eq!(errors[0].found, "\"multi_ax\"");
        assert!(
            errors[0].expected.contains("did you mean \"multi_az\""),
            "{}",
            errors[0].expected
        );
    }

    #[test]
    fn unknown_top_level_field_and_engine() {
        check(
            |d| {
                d["rds"]["engines"]["postgres"] = json!({ "instances": [] });
                d["notes"] = json!("hello");
            },
            &[
                ("notes", FieldErrorKind::UnknownField),
                ("rds.engines.postgres", FieldErrorKind::UnknownField),
            ],
        );
    }

    #[test]
    fn missing_required_fields() {
        check(
            |d| {
                d.as_object_mut().unwrap().remove("name");
                at(d, "/dynamodb/table_classes/standard")
                    .as_object_mut()
                    .unwrap()
                    .remove("provisioned_rcu_hour");
            },
            &[
                (
                    "dynamodb.table_classes.standard.provisioned_rcu_hour",
                    FieldErrorKind::MissingField,
                ),
                ("name", FieldErrorKind::MissingField),
            ],
        );
    }

    #[test]
    fn effective_date_in_the_future() {
        check(
            |d| d["effective_date"] = json!("2026-11-27"),
            &[("effective_date", FieldErrorKind::FutureDate)],
        );
        // Today itself is fine.
        let mut doc = small();
        doc["effective_date"] = json!("2026-11-26");
        assert!(parse(&doc.to_string(), TODAY).is_ok());
    }

    #[test]
    fn malformed_dates() {
        check(
            |d| {
                d["effective_date"] = json!("26/11/2026");
                d["publication_date"] = json!("2026-02-30");
            },
            &[
                ("effective_date", FieldErrorKind::InvalidValue),
                ("publication_date", FieldErrorKind::InvalidValue),
            ],
        );
    }

    #[test]
    fn unsupported_schema_version_stops_everything_else() {
        check(
            |d| {
                d["schema_version"] = json!(2);
                d["region"] = json!("mars-1");
            },
            &[("schema_version", FieldErrorKind::UnsupportedSchemaVersion)],
        );
        check(
            |d| d["schema_version"] = json!("1"),
            &[("schema_version", FieldErrorKind::WrongType)],
        );
    }

    #[test]
    fn bad_enumeration_values() {
        check(
            |d| {
                *at(d, "/rds/engines/postgresql/reserved/0/term") = json!("2y");
                d["provider"] = json!("gcp");
            },
            &[
                ("provider", FieldErrorKind::InvalidValue),
                (
                    "rds.engines.postgresql.reserved[0].term",
                    FieldErrorKind::InvalidValue,
                ),
            ],
        );
    }

    #[test]
    fn bad_integers() {
        check(
            |d| {
                d["db_instance_classes"][0]["vcpu"] = json!(-2);
                d["db_instance_classes"][1]["vcpu"] = json!(2.5);
            },
            &[
                ("db_instance_classes[0].vcpu", FieldErrorKind::Negative),
                ("db_instance_classes[1].vcpu", FieldErrorKind::WrongType),
            ],
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut doc = small();
        doc["currency"] = json!("XYZ");
        doc["elasticache"]["engines"]["valkey"]["serverless"]["ecpu_per_million"] = json!("-1");
        doc["dynamodb"]["dax"]["nodes"][0]["memory"] = json!("16");
        doc["effective_date"] = json!("2099-01-01");
        let errors = parse(&doc.to_string(), TODAY).unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "currency",
                "dynamodb.dax.nodes[0].memory",
                "elasticache.engines.valkey.serverless.ecpu_per_million",
                "effective_date",
            ]
        );
    }

    #[test]
    fn syntax_error_is_one_error_at_the_document() {
        let errors = parse("{\"schema_version\": 1,", TODAY).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].kind, FieldErrorKind::Syntax);
        assert_eq!(errors[0].path, "");
        assert!(errors[0].found.contains("line 1"), "{}", errors[0].found);
    }

    #[test]
    fn not_an_object() {
        let errors = parse("[1, 2]", TODAY).unwrap_err();
        assert_eq!(errors[0].path, "");
        assert_eq!(errors[0].kind, FieldErrorKind::WrongType);
    }

    #[test]
    fn a_table_with_one_family_is_valid() {
        let mut doc = small();
        let top = doc.as_object_mut().unwrap();
        for family in [
            "rds",
            "aurora",
            "elasticache",
            "db_instance_classes",
            "data_transfer",
        ] {
            top.remove(family);
        }
        assert!(parse(&doc.to_string(), TODAY).is_ok());
    }

    #[test]
    fn null_optional_fields_are_absent() {
        let mut doc = small();
        doc["rds"]["engines"]["mysql"] = Value::Null;
        let table = parse(&doc.to_string(), TODAY).unwrap();
        assert!(table.rds.unwrap().engines.mysql.is_none());
    }

    #[test]
    fn error_display_reads_as_a_sentence() {
        let e = FieldError {
            path: "rds.engines.postgresql.instances[3].hourly.multi_az".to_owned(),
            kind: FieldErrorKind::Negative,
            found: "\"-1\"".to_owned(),
            expected: "a non-negative decimal".to_owned(),
        };
        assert_eq!(
            e.to_string(),
            "rds.engines.postgresql.instances[3].hourly.multi_az: expected a non-negative decimal, found \"-1\""
        );
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("multi_ax", "multi_az"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("gp3", "gp3"), 0);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    proptest::proptest! {
        /// Whatever single price is replaced by a negative value, exactly that path is reported.
        #[test]
        fn any_negative_price_is_reported_at_its_path(index in 0usize..1000, cents in 1u32..100_000) {
            let doc = small();
            let mut pointers = Vec::new();
            collect_decimal_pointers(&doc, String::new(), &mut pointers);
            let pointer = &pointers[index % pointers.len()];
            let mut edited = doc.clone();
            *edited.pointer_mut(pointer).unwrap() = json!(format!("-{}.{:02}", cents / 100, cents % 100));
            let errors = parse(&edited.to_string(), TODAY).unwrap_err();
            proptest::prop_assert_eq!(errors.len(), 1);
            proptest::prop_assert_eq!(errors[0].kind, FieldErrorKind::Negative);
            proptest::prop_assert_eq!(to_pointer(&errors[0].path), pointer.clone());
        }
    }

    /// Every node of the fixture, as a JSON pointer.
    fn all_pointers(value: &Value, pointer: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    all_pointers(v, format!("{pointer}/{k}"), out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    all_pointers(v, format!("{pointer}/{i}"), out);
                }
            }
            _ => {}
        }
        out.push(pointer);
    }

    proptest::proptest! {
        /// The schema walk and serde agree: whatever one node of a valid table is replaced
        /// with, `parse` accepts the document exactly when serde does, except for the rules
        /// only `parse` enforces (unique entries, no future dates, the supported version).
        #[test]
        fn schema_walk_agrees_with_serde(index in 0usize..10_000, replacement in 0usize..10) {
            let doc = small();
            let mut pointers = Vec::new();
            all_pointers(&doc, String::new(), &mut pointers);
            let pointer = &pointers[index % pointers.len()];
            let mut edited = doc.clone();
            let replacement = match replacement {
                0 => Value::Null,
                1 => json!(1),
                2 => json!(-3),
                3 => json!("x"),
                4 => json!("0.5"),
                5 => json!({}),
                6 => json!([]),
                7 => json!(true),
                8 => json!({ "unexpected": "1" }),
                _ => json!(2.5),
            };
            if pointer.is_empty() {
                edited = replacement;
            } else {
                *edited.pointer_mut(pointer).unwrap() = replacement;
            }
            let by_serde = serde_json::from_value::<PriceTable>(edited.clone()).is_ok();
            match parse(&edited.to_string(), TODAY) {
                Ok(_) => proptest::prop_assert!(by_serde, "parse accepted what serde refuses at {}", pointer),
                Err(errors) => {
                    // serde's derived structs also accept a JSON array of their fields in order;
                    // the schema (rightly) does not, so that is the one place parse is stricter.
                    let only_parse_rules = errors.iter().all(|e| {
                        matches!(
                            e.kind,
                            FieldErrorKind::Duplicate | FieldErrorKind::FutureDate | FieldErrorKind::UnsupportedSchemaVersion
                        ) || (e.kind == FieldErrorKind::WrongType && e.found.starts_with("an array"))
                    });
                    proptest::prop_assert!(
                        !by_serde || only_parse_rules,
                        "serde accepted what parse refuses at {}: {:?}",
                        pointer,
                        errors
                    );
                }
            }
        }
    }

    fn collect_decimal_pointers(value: &Value, pointer: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    collect_decimal_pointers(v, format!("{pointer}/{k}"), out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    collect_decimal_pointers(v, format!("{pointer}/{i}"), out);
                }
            }
            Value::String(s) if parse_non_negative(s).is_ok() => out.push(pointer),
            _ => {}
        }
    }

    /// `a.b[3].c` -> `/a/b/3/c`.
    fn to_pointer(path: &str) -> String {
        path.split('.')
            .flat_map(|part| part.split('['))
            .map(|p| format!("/{}", p.trim_end_matches(']')))
            .collect()
    }
}
