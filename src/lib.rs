#![doc = include_str!("../README.md")]
#![deny(missing_docs, missing_debug_implementations)]
#![forbid(unsafe_code)]

pub mod proto;

#[cfg(target_arch = "wasm32")]
pub mod web;
