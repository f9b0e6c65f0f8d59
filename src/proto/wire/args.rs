//! Command data built from a page's arguments. Where the protocol wants a spelling, a default
//! or an omission that the page need not know, it is decided here, in the core, where host
//! tests see it; the web layer only reads the arguments and calls these constructors.

use super::codec::FromJson;
use super::data::{object, *};
use super::types::*;
use crate::proto::json::{Json, Map};
use crate::proto::text::{Code, Msg};

impl AddChannel {
    /// `session.request.addchannel` data for a channel of type `kind` on `endpoint`.
    ///
    /// PROTOCOL 1.11: the request spells the channel types `Telephony | Chat | Email`, while
    /// `channel.created` (and so the model) spells them in upper case: a type in any case is
    /// sent in the request's spelling, so a page may pass a type it read from the model.
    /// Other types pass as they are.
    pub fn new(endpoint: impl Into<String>, kind: impl Into<String>) -> AddChannel {
        let kind = AddChannel::spelling(kind.into());
        let channel = object(&[("endpoint", Some(Json::String(endpoint.into()))), ("type", Some(Json::String(kind)))]);
        AddChannel(object(&[("channel", Some(channel))]))
    }

    /// A channel type in the request's spelling (see [`AddChannel::new`]): `Telephony`,
    /// `Chat`, `Email` in any case as spelled so, any other as it is.
    pub fn spelling(kind: String) -> String {
        let known = ["Telephony", "Chat", "Email"].into_iter().find(|k| k.eq_ignore_ascii_case(&kind));
        known.map_or(kind, str::to_owned)
    }
}

impl DialData {
    /// `channel.dial` data. PROTOCOL 3.2 shows `extensions` in every dial **[V]**: `{}` when
    /// the page gives none.
    pub fn new(destination: impl Into<String>, extensions: Option<Map>) -> DialData {
        DialData(object(&[
            ("destination", Some(Json::String(destination.into()))),
            ("extensions", Some(Json::Object(extensions.unwrap_or_default()))),
        ]))
    }
}

impl ConsultData {
    /// `interaction.request.consult` data: the destination only (an **[I]** command: no
    /// documented dial to copy `extensions` from).
    pub fn new(destination: impl Into<String>) -> ConsultData {
        ConsultData(object(&[("destination", Some(Json::String(destination.into())))]))
    }
}

impl NotReadyData {
    /// `channel.notready` data with the reason code `acw`: after-call work (PROTOCOL 3.3).
    pub fn after_call_work(reasondesc: Option<String>) -> NotReadyData {
        NotReadyData::new(AFTER_CALL_WORK, reasondesc)
    }
}

impl ActivateData {
    /// `channel.activate` (and group activation) data: `channeloptions` only with a queue.
    pub fn new(queue: Option<String>) -> ActivateData {
        let options = queue.map(|q| object(&[("queue", Some(Json::String(q)))]));
        ActivateData(object(&[("channeloptions", options)]))
    }
}

impl DeactivateData {
    /// `channel.deactivate` (and group deactivation) data: `channelOptions` only with a queue
    /// or a logout reason.
    pub fn new(queue: Option<String>, reason: Option<String>) -> DeactivateData {
        let options = (queue.is_some() || reason.is_some())
            .then(|| object(&[("queue", queue.map(Json::String)), ("reason", reason.map(Json::String))]));
        DeactivateData(object(&[("channelOptions", options)]))
    }
}

impl SignalData {
    /// `interaction.request.incontact.signal` data from a page's parameters object, which may
    /// hold `p1` … `p20` (strings) and nothing else.
    ///
    /// # Errors
    /// What does not fit, for people.
    pub fn from_page(params: &Json) -> Result<SignalData, Msg> {
        let data = SignalData::from_json(params).map_err(|e| e.msg())?;
        if !data.extra.is_empty() {
            return Err(Code::OnlyParams.into());
        }
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proto::wire::ToJson;

    fn json(text: &str) -> Json {
        Json::parse(text).unwrap()
    }

    #[test]
    fn addchannel_sends_the_requests_spelling_of_known_types_in_any_case() {
        for (given, sent) in
            [("TELEPHONY", "Telephony"), ("chat", "Chat"), ("Email", "Email"), ("eMaIl", "Email"), ("Fax", "Fax")]
        {
            let d = AddChannel::new("4711", given);
            assert_eq!(d.to_json(), json(&format!(r#"{{"channel":{{"endpoint":"4711","type":"{sent}"}}}}"#)));
        }
    }

    #[test]
    fn dial_always_has_extensions_and_consult_has_none() {
        assert_eq!(DialData::new("123", None).to_json(), json(r#"{"destination":"123","extensions":{}}"#));
        let ext = json(r#"{"callerId":"9"}"#).as_object().unwrap().clone();
        assert_eq!(
            DialData::new("123", Some(ext)).to_json(),
            json(r#"{"destination":"123","extensions":{"callerId":"9"}}"#)
        );
        assert_eq!(ConsultData::new("200").to_json(), json(r#"{"destination":"200"}"#));
    }

    #[test]
    fn options_objects_are_sent_only_with_something_in_them() {
        assert_eq!(ActivateData::new(None).to_json(), json("{}"));
        assert_eq!(ActivateData::new(Some("q1".into())).to_json(), json(r#"{"channeloptions":{"queue":"q1"}}"#));
        assert_eq!(DeactivateData::new(None, None).to_json(), json("{}"));
        assert_eq!(DeactivateData::new(None, Some("7".into())).to_json(), json(r#"{"channelOptions":{"reason":"7"}}"#));
        assert_eq!(NotReadyData::after_call_work(None).to_json(), json(r#"{"reasoncode":"acw"}"#));
    }

    #[test]
    fn signal_takes_p1_to_p20_only() {
        let d = SignalData::from_page(&json(r#"{"p1":"a","p20":"b"}"#)).unwrap();
        assert_eq!(d.params, [(1, "a".to_owned()), (20, "b".to_owned())]);
        assert_eq!(
            SignalData::from_page(&json(r#"{"p21":"x"}"#)).unwrap_err().to_string(),
            "only p1 … p20 are allowed"
        );
        assert!(SignalData::from_page(&json(r#"{"p1":5}"#)).is_err());
    }
}
