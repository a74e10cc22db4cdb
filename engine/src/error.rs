//! Errors of the engine. The engine cannot fail except on invalid input: a scenario that does
//! not parse or holds a value out of range. A missing price is not an error: it is reported
//! per option in the estimate ([`crate::MissingPrice`]).

use thiserror::Error;

/// A scenario that cannot be estimated, naming the field at fault by its dotted path.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ScenarioError {
    /// The document is not valid JSON for a scenario (wrong type, unknown field or value).
    #[error("{field}: {message}")]
    Malformed {
        /// Dotted path of the field, e.g. `overrides.engine` (empty for the whole document).
        field: String,
        /// What was wrong.
        message: String,
    },
    /// A value is out of its allowed range.
    #[error("{field}: {message}")]
    Invalid {
        /// Dotted path of the field, e.g. `traffic.reads_per_second`.
        field: String,
        /// What was wrong and what is expected.
        message: String,
    },
}

impl ScenarioError {
    /// The dotted path of the field at fault.
    pub fn field(&self) -> &str {
        match self {
            ScenarioError::Malformed { field, .. } | ScenarioError::Invalid { field, .. } => field,
        }
    }
}
