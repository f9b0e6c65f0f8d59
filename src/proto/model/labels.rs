//! Localised labels of reason codes: the label for a locale, with language-only and
//! first-label fallback (`de-CH` → a `de`/`CH` label, else any `de` label, else the first).

use crate::proto::json::Json;
use crate::proto::wire::{Label, LogoutReason, ReasonCode, ToJson};

/// The best label of `labels` for `locale` (a BCP 47 tag such as `de-CH`, or `de`).
pub fn pick<'a>(labels: &'a [Label], locale: Option<&str>) -> Option<&'a Label> {
    let eq = |a: Option<&str>, b: &str| a.is_some_and(|a| a.eq_ignore_ascii_case(b));
    if let Some(tag) = locale {
        let mut parts = tag.split(['-', '_']);
        let lang = parts.next().unwrap_or_default();
        let country = parts.find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()));
        if let Some(c) = country {
            if let Some(l) = labels.iter().find(|l| eq(l.language.as_deref(), lang) && eq(l.country.as_deref(), c)) {
                return Some(l);
            }
        }
        let same_lang = |l: &&Label| eq(l.language.as_deref(), lang);
        if let Some(l) =
            labels.iter().filter(same_lang).find(|l| l.country.is_none()).or_else(|| labels.iter().find(same_lang))
        {
            return Some(l);
        }
    }
    labels.first()
}

fn entry(code: &str, id: &str, labels: &[Label], locale: Option<&str>, selectable: Option<bool>) -> Json {
    let l = pick(labels, locale);
    let mut m = vec![
        ("code".to_owned(), Json::str(code)),
        ("id".to_owned(), Json::str(id)),
        ("label".to_owned(), l.map_or_else(|| Json::str(code), |l| Json::str(&l.name))),
        ("description".to_owned(), l.and_then(|l| l.description.clone()).map_or(Json::Null, Json::String)),
        ("language".to_owned(), l.and_then(|l| l.language.clone()).map_or(Json::Null, Json::String)),
    ];
    if let Some(s) = selectable {
        m.push(("selectable".to_owned(), Json::Bool(s)));
    }
    m.push(("labels".to_owned(), labels.to_vec().to_json()));
    Json::Object(m)
}

/// Not-ready reasons for a locale: `{code, id, label, description, language, selectable, labels}`.
pub fn not_ready_json(reasons: &[ReasonCode], locale: Option<&str>) -> Json {
    Json::Array(
        reasons
            .iter()
            .map(|r| {
                entry(&r.reason_code_code, &r.reason_code_id, &r.labels, locale, Some(r.selectable.unwrap_or(true)))
            })
            .collect(),
    )
}

/// Logout reasons for a locale: `{code, id, label, description, language, labels}`.
pub fn logout_json(reasons: &[LogoutReason], locale: Option<&str>) -> Json {
    Json::Array(
        reasons.iter().map(|r| entry(&r.logout_reason_code, &r.logout_reason_id, &r.labels, locale, None)).collect(),
    )
}

/// Makes a snapshot's reason lists (`Model::to_json`) display-ready for `locale`: its
/// `notReadyReasons` and `logoutReasons` become [`not_ready_json`] and [`logout_json`] (each
/// entry keeps every label in `labels`), so a page renders them without a call per render.
pub fn localise(snapshot: &mut Json, not_ready: &[ReasonCode], logout: &[LogoutReason], locale: Option<&str>) {
    if let Json::Object(members) = snapshot {
        for (k, v) in members.iter_mut() {
            match k.as_str() {
                "notReadyReasons" => *v = not_ready_json(not_ready, locale),
                "logoutReasons" => *v = logout_json(logout, locale),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(lang: Option<&str>, country: Option<&str>, name: &str) -> Label {
        Label {
            language: lang.map(Into::into),
            country: country.map(Into::into),
            name: name.into(),
            description: None,
            extra: vec![],
        }
    }

    #[test]
    fn exact_then_language_then_first() {
        let ls = vec![
            label(Some("en"), Some("US"), "Lunch"),
            label(Some("de"), Some("DE"), "Mittag"),
            label(Some("de"), Some("CH"), "Zmittag"),
            label(Some("fr"), None, "Déjeuner"),
        ];
        assert_eq!(pick(&ls, Some("de-CH")).unwrap().name, "Zmittag");
        assert_eq!(pick(&ls, Some("de_ch")).unwrap().name, "Zmittag");
        assert_eq!(pick(&ls, Some("de-AT")).unwrap().name, "Mittag");
        assert_eq!(pick(&ls, Some("fr-CA")).unwrap().name, "Déjeuner");
        assert_eq!(pick(&ls, Some("ja")).unwrap().name, "Lunch");
        assert_eq!(pick(&ls, None).unwrap().name, "Lunch");
        assert!(pick(&[], Some("en")).is_none());
    }
}
