//! One module per page.

pub mod calculator;
pub mod not_found;
pub mod prices;
pub mod saved;
