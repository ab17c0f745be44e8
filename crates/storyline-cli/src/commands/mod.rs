//! One file per subcommand: parse its flags, call the library, render.

pub mod analyze;
pub mod dedup;
pub mod eval;
pub mod extract;
pub mod index;
pub mod quotes;
pub mod serve;
pub mod stories;
