//! One module per top-level verb.

pub mod asn1;
pub mod asn1_schema;
pub mod entropy;
pub mod limbo;
pub mod rng;
pub mod vectors;
pub mod x509;
