//! The floor's two passes on frames whose answers are known, and on malformed ones (`cargo test`
//! in bench/floor, on the host).

use crate::frame::{locate, scan, Answer};
use crate::wire::EventKind;

const FRAME: &str =
    r#"{"messageType":"objectEvent","target":"s-1.cg-0.ch-1","name":"state.updated","data":{"state":"ACTIVE"}}"#;

fn span(text: &str, (a, b): (u32, u32)) -> &str {
    &text[a as usize..b as usize]
}

#[test]
fn a_frame_is_located_in_any_member_order_and_spacing() {
    for text in [
        FRAME,
        r#" { "data" : {"state":"ACTIVE"} , "name":"state.updated","x":[1,{"y":null}],"target" :"s-1.cg-0.ch-1", "messageType":"objectEvent"} "#,
    ] {
        assert!(scan(text));
        let a = locate(text).expect("an object event");
        assert_eq!(a.kind, EventKind::from_name("state.updated").map(|k| k as u32 + 1).unwrap());
        assert_eq!(span(text, a.name), "state.updated");
        assert_eq!(span(text, a.target), "s-1.cg-0.ch-1");
        assert_eq!(span(text, a.data), r#"{"state":"ACTIVE"}"#);
    }
}

#[test]
fn an_unknown_name_is_located_with_kind_0() {
    let text = FRAME.replace("state.updated", "vendor.thing");
    let a = locate(&text).unwrap();
    assert_eq!((a.kind, span(&text, a.name)), (0, "vendor.thing"));
}

#[test]
fn malformed_frames_are_rejected_by_both_passes() {
    let bad = [
        "",
        "{",
        &FRAME[..FRAME.len() - 1],
        &FRAME.replace(r#""ACTIVE""#, r#""ACT"#),
        &FRAME.replace(r#"{"state""#, r#"{"state"::"#),
        &FRAME.replace(r#""ACTIVE""#, "01"),
        &FRAME.replace(r#""ACTIVE""#, "tru"),
        &format!("{FRAME} x"),
        &format!("{FRAME}{FRAME}"),
        &FRAME.replace("ACTIVE", "A\u{1}B"),
    ];
    for text in bad {
        assert!(!scan(text), "{text}");
        assert_eq!(locate(text), None, "{text}");
    }
}

#[test]
fn other_frames_are_valid_but_not_located() {
    for text in [
        r#"{"messageType":"coreResponse","requestId":"aw-1","result":"success"}"#,
        &FRAME.replace("objectEvent", "serviceEvent"),
        &FRAME.replace(r#","data":{"state":"ACTIVE"}"#, ""),
        &FRAME.replace(r#""s-1.cg-0.ch-1""#, "7"),
        &FRAME.replace("s-1.cg-0", r"s-1\u002ecg-0"),
        "[1,2]",
    ] {
        assert!(scan(text), "{text}");
        assert_eq!(locate(text), None, "{text}");
    }
}

#[test]
fn the_exports_read_the_frame_from_the_buffer() {
    let text = FRAME.as_bytes();
    let n = text.len() as u32;
    // (The address `grow` returns is a wasm32 one; on the host the buffer is written here.)
    crate::grow(n);
    crate::BUF.with(|b| b.borrow_mut()[..text.len()].copy_from_slice(text));
    assert_eq!((crate::scan(n), crate::locate(n), crate::scan(n - 1), crate::locate(n - 1)), (1, 1, 0, 0));
    crate::BUF.with(|b| b.borrow_mut()[..13].copy_from_slice(b"state.updated"));
    assert_eq!(crate::kind_of(13), EventKind::from_name("state.updated").unwrap() as u32 + 1);
    assert_eq!(crate::kind_of(12), 0);
    assert_eq!(Answer::default().kind, 0);
}
