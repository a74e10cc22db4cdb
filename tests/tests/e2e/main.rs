//! dbcost's end-to-end tests: one binary, one module per area.

mod browser_home;
mod health;
mod price_tables;
