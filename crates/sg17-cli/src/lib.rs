//! Library side of the `sg17` command: the conformance-vector runner and input helpers, so
//! that tests and other tools can drive them without a subprocess.
#![forbid(unsafe_code)]

pub mod input;
pub mod limbo;
pub mod vectors;
