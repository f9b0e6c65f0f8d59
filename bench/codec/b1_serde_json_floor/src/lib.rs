//! (b1) The size floor of (b): `serde_json` with the envelope and one event's data
//! (`channel.infochanged`: two derived structs, two derived enums) — what using serde_json at
//! all costs before the number of types grows. Sized, not timed (it types only one event).

use codec_common::{frames, Fold, Tally};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use wasm_bindgen::prelude::*;

#[derive(Deserialize)]
#[serde(transparent)]
struct S<'a>(#[serde(borrow)] Cow<'a, str>);

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "messageType", borrow)]
    message_type: S<'a>,
    #[serde(borrow)]
    target: S<'a>,
    #[serde(borrow)]
    name: S<'a>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
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
struct AgentStatus<'a> {
    status: AgentStatusValue,
    #[serde(borrow)]
    last_reason_code: Option<S<'a>>,
    #[serde(borrow)]
    last_reason_name: Option<S<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChannelInfo<'a> {
    state: Option<ChannelState>,
    #[serde(borrow)]
    agent_status: Option<AgentStatus<'a>>,
}

/// Decodes every frame's envelope, and `channel.infochanged`'s data; returns the tally.
#[wasm_bindgen]
pub fn decode_all(blob: &str) -> Vec<u32> {
    let mut t = Tally::default();
    for f in frames(blob) {
        let Ok(env) = serde_json::from_str::<Envelope>(f) else {
            t.error();
            continue;
        };
        let mut h = Fold::default();
        h.str(&env.message_type.0);
        h.str(&env.name.0);
        h.str(&env.target.0);
        if env.name.0 == "channel.infochanged" {
            match serde_json::from_str::<ChannelInfo>(env.data.map_or("{}", RawValue::get)) {
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
                        h.opt_str(a.last_reason_code.as_ref().map(|x| &*x.0));
                        h.opt_str(a.last_reason_name.as_ref().map(|x| &*x.0));
                    }
                }
                Err(_) => t.error(),
            }
        }
        t.add(h, false);
    }
    t.to_vec()
}
