//! The TypeScript surface beyond what wasm-bindgen generates: data types, the typed event
//! map and the merged `interface AgentSession` overloads (STYLE.md habit 7). The text lives
//! in `types.d.ts` so a host test can check it against the Rust enums.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");
