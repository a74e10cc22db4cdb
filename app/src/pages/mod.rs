//! One module per page.

pub mod aws_import;
pub mod calculator;
pub mod not_found;
pub mod prices;
pub mod saved;
