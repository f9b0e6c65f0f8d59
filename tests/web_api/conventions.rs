//! Conventions PROTOCOL.md marks INFERRED, each read both ways by the SDK (issue 15, item 7)
//! and produced both ways by the simulator, through the page.

use crate::harness::*;
use wasm_bindgen_test::*;

const APPLIED: &str = r#"{"until":"applied"}"#;

/// `interaction.created` / `conversation.created` may target the parent (the channel, resp.
/// the interaction, as `channel.created` does) instead of the new object: the simulator's
/// `parent` creation-target mode, set for the agent before it connects. The call still
/// reaches the page as an interaction under its own target, with its conversation, and is
/// answered as in `own` mode (PROTOCOL.md's inferred reading, the simulator's default), which
/// the same session then gets for a second call.
#[wasm_bindgen_test]
async fn creation_events_that_target_the_parent_still_deliver_the_call() {
    const AGENT: &str = "100030";
    control("/control/creation-target", &format!(r#"{{"agent":"{AGENT}","mode":"parent"}}"#)).await;
    let (s, log) = connected(AGENT, "{}").await;
    let tel = get_str(&channel_of(&s, "TELEPHONY"), "target");
    ok(s.activate(&tel.clone().into(), &js(APPLIED))).await;
    ok(s.ready(&tel.clone().into(), &js(APPLIED))).await;

    for (round, mode) in ["parent", "own"].into_iter().enumerate() {
        if mode == "own" {
            control("/control/creation-target", &format!(r#"{{"agent":"{AGENT}","mode":"own"}}"#)).await;
        }
        log.clear();
        let answer = control("/control/inbound", &format!(r#"{{"agent":"{AGENT}","media":"telephony"}}"#)).await;
        let ix = get_str(&answer, "target");
        let cv = format!("{ix}.cv-1");
        until("an alerting call", || log.count("interaction.preview") > 0).await;

        // The page's model: the interaction under its own target (and nowhere else: the
        // first call stays, ENDED), with its conversation.
        let calls = js_sys::Array::from(&s.interactions());
        assert_eq!(calls.length() as usize, round + 1, "{mode}: {}", stringify(&calls));
        let call = calls.iter().find(|c| get_str(c, "target") == ix).unwrap_or_else(|| {
            panic!("{mode}: no interaction {ix} in {}", stringify(&calls));
        });
        assert_eq!(get_str(&call, "channel"), tel, "{mode}");
        assert_eq!(get_str(&call, "state"), "ALERTING", "{mode}");
        assert!(!get_str(&get(&call, "data"), "ANI").is_empty(), "{mode}: attached data");
        assert_eq!(get_str(&s.object(&ix), "target"), ix, "{mode}");
        let primary = js_sys::Array::from(&get(&call, "conversations")).get(0);
        assert_eq!(get_str(&primary, "target"), cv, "{mode}: {}", stringify(&call));
        assert_eq!(get_str(&s.object(&cv), "state"), "ALERTING", "{mode}");

        // The creation events reach listeners with the target the server gave them.
        let (created_ix, created_cv) = if mode == "parent" { (tel.as_str(), ix.as_str()) } else { (&*ix, &*cv) };
        let created = log.of("interaction.created");
        assert_eq!(created.len(), 1, "{mode}");
        assert_eq!(get_str(&created[0], "target"), created_ix, "{mode}");
        let id = ix.rsplit('.').next().unwrap();
        assert_eq!(get_str(&get(&get(&created[0], "data"), "interaction"), "id"), id, "{mode}");
        let created = log.of("conversation.created");
        assert_eq!(created.len(), 1, "{mode}");
        assert_eq!(get_str(&created[0], "target"), created_cv, "{mode}");
        assert_eq!(get_str(&get(&get(&created[0], "data"), "conversation"), "id"), "cv-1", "{mode}");

        // Answered like any call.
        ok(s.answer(&primary, &js(APPLIED))).await;
        assert_eq!(get_str(&s.object(&cv), "state"), "STARTED", "{mode}: answered");
        until("the call to start", || get_str(&s.object(&ix), "state") == "STARTED").await;
        control("/control/hangup", &format!(r#"{{"agent":"{AGENT}"}}"#)).await;
        until("the call to end", || log.count("interaction.ended") == 1).await;
        let errors: Vec<String> = log.of("protocolerror").iter().map(stringify).collect();
        assert!(errors.is_empty(), "{mode}: {errors:?}");
    }
    s.close();
}

/// Every error the core gives the page keeps its `kind`, `code` and `reason`: the wasm passes
/// the kind and the reason by their index in the glue's `KINDS` and `REASONS` (from the
/// variant, `src/web/error.rs`), so an index out of step with those lists shows here (a wrong
/// name, or `undefined`).
#[wasm_bindgen_test]
fn every_command_error_reaches_the_page_with_its_kind_code_and_reason() {
    use agentwire::proto::engine::{CloseReason, CommandError};
    use agentwire::web::AgentwireError;
    let reasons = [
        CloseReason::ClosedByPage,
        CloseReason::LoggedOut,
        CloseReason::Replaced,
        CloseReason::OverrideDeclined,
        CloseReason::Refused { code: "AUTH_FAILED".into(), message: "no".into() },
        CloseReason::NoProcessor,
        CloseReason::ConnectFailed { message: "down".into() },
        CloseReason::ReconnectExhausted { attempts: 3 },
    ];
    let mut all = vec![
        CommandError::Failure { code: "NO_SUCH_THING".into(), message: "gone".into(), original: None },
        CommandError::Timeout { after_ms: 1 },
        CommandError::Disconnected { message: "lost".into() },
        CommandError::InvalidArgument { argument: "target", message: "bad".into() },
    ];
    all.extend(reasons.into_iter().map(|reason| CommandError::Closed { reason }));
    for e in &all {
        let js = AgentwireError::from(e).into_js();
        assert_eq!(get_str(&js, "kind"), e.kind(), "{e:?}");
        assert_eq!(get_str(&js, "code"), e.code(), "{e:?}");
        match e {
            CommandError::Closed { reason } => assert_eq!(get_str(&js, "reason"), reason.kind(), "{e:?}"),
            _ => assert!(get(&js, "reason").is_undefined(), "{e:?}"),
        }
    }
}
