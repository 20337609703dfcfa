//! Octet Encoding Rules, basic and canonical (X.696).

mod decode;
mod encode;
pub mod prim;

pub use decode::decode;
pub use encode::encode;
