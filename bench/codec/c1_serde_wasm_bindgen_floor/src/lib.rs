//! (c1) The size floor of (c): `serde_wasm_bindgen::from_value` with the envelope and one
//! event's data (`channel.infochanged`: two derived structs, two derived enums) — what using
//! serde-wasm-bindgen at all costs, as for an options object passed from JS. Sized, not timed.

use codec_common::{Fold, Tally};
use serde::Deserialize;
use std::cell::Cell;
use wasm_bindgen::prelude::*;

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "messageType")]
    message_type: String,
    target: String,
    name: String,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    data: JsValue,
}

#[derive(Deserialize)]
enum ChannelState {
    #[serde(rename = "INACTIVE")]
    Inactive,
    #[serde(rename = "UNAVAILABLE")]
    Unavailable,
    #[serde(rename = "ACTIVE")]
    Active,
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
enum AgentStatusValue {
    #[serde(rename = "ready")]
    Ready,
    #[serde(rename = "not_ready")]
    NotReady,
    #[serde(rename = "after_call_work")]
    AfterCallWork,
    #[serde(rename = "busy")]
    Busy,
    #[serde(rename = "busy_ready")]
    BusyReady,
    #[serde(rename = "busy_not_ready")]
    BusyNotReady,
    #[serde(rename = "busy_after_call_work")]
    BusyAfterCallWork,
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AgentStatus {
    status: AgentStatusValue,
    last_reason_code: Option<String>,
    last_reason_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChannelInfo {
    state: Option<ChannelState>,
    agent_status: Option<AgentStatus>,
}

thread_local! {
    static TALLY: Cell<Tally> = const { Cell::new(Tally { frames: 0, sum: 0, untyped: 0, errors: 0 }) };
}

/// Decodes one parsed frame's envelope, and `channel.infochanged`'s data, into the tally.
#[wasm_bindgen]
pub fn decode_frame(frame: JsValue) {
    let mut t = TALLY.get();
    let Ok(env) = serde_wasm_bindgen::from_value::<Envelope>(frame) else {
        t.error();
        TALLY.set(t);
        return;
    };
    let mut h = Fold::default();
    h.str(&env.message_type);
    h.str(&env.name);
    h.str(&env.target);
    if env.name == "channel.infochanged" {
        match serde_wasm_bindgen::from_value::<ChannelInfo>(env.data) {
            Ok(d) => {
                h.num(match d.state {
                    None => 0,
                    Some(ChannelState::Inactive) => 1,
                    Some(ChannelState::Unavailable) => 2,
                    Some(ChannelState::Active) => 3,
                    Some(ChannelState::Other) => 99,
                });
                if let Some(a) = d.agent_status {
                    h.num(match a.status {
                        AgentStatusValue::Ready => 1,
                        AgentStatusValue::NotReady => 2,
                        AgentStatusValue::AfterCallWork => 3,
                        AgentStatusValue::Busy => 4,
                        AgentStatusValue::BusyReady => 5,
                        AgentStatusValue::BusyNotReady => 6,
                        AgentStatusValue::BusyAfterCallWork => 7,
                        AgentStatusValue::Other => 99,
                    });
                    h.opt_str(a.last_reason_code.as_deref());
                    h.opt_str(a.last_reason_name.as_deref());
                }
            }
            Err(_) => t.error(),
        }
    }
    t.add(h, false);
    TALLY.set(t);
}

/// The tally since the last call: `[frames, checksum, untyped, errors]`.
#[wasm_bindgen]
pub fn finish() -> Vec<u32> {
    TALLY.replace(Tally::default()).to_vec()
}
