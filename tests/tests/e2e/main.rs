//! dbcost's end-to-end tests: one binary, one module per area.

mod browser_home;
mod estimate_api;
mod hardening;
mod health;
mod price_tables;
