//! Reusable UI pieces: the page layout and the charts.

pub mod chart;
pub mod charts;
pub mod layout;
