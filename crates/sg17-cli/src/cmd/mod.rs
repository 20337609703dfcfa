//! One module per top-level verb.

pub mod asn1;
pub mod entropy;
pub mod rng;
pub mod vectors;
