//! Reusable UI pieces: the page layout and the charts.

pub mod chart;
// The charts' options are built on the server only (charming is not in the WASM).
#[cfg(not(target_arch = "wasm32"))]
pub mod charts;
pub mod layout;
