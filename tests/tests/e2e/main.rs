//! dbcost's end-to-end tests: one binary, one module per area.

mod browser_calculator;
mod browser_harness;
mod browser_home;
mod browser_prices;
mod browser_ranges;
mod browser_share;
mod estimate_api;
mod fragments;
mod hardening;
mod health;
mod price_tables;
