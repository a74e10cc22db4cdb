//! One module per page.

pub mod aws_import;
pub mod calculator;
pub mod not_found;
pub mod prices;
// Server-rendered only: charming and the estimate's views stay out of the WASM.
#[cfg(not(target_arch = "wasm32"))]
pub mod results;
pub mod saved;
