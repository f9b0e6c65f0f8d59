//! Localised labels of reason codes: the label for a locale, with language-only and
//! first-label fallback (`de-CH` → a `de`/`CH` label, else any `de` label, else the first).

use super::obj::Obj;
use crate::proto::json::Json;
use crate::proto::text::split_bytes;
use crate::proto::wire::schema::{flag, list, text};

/// The best label of `labels` (items checked against `wire::LABEL`) for `locale` (a BCP 47
/// tag such as `de-CH`, or `de`).
pub fn pick<'a>(labels: &'a [Json], locale: Option<&str>) -> Option<&'a Json> {
    let eq = |a: Option<&str>, b: &str| a.is_some_and(|a| a.eq_ignore_ascii_case(b));
    fn language(l: &Json) -> Option<&str> {
        text(l, "language")
    }
    fn country(l: &Json) -> Option<&str> {
        text(l, "country")
    }
    if let Some(tag) = locale {
        let mut parts = split_bytes(tag, |b| b == b'-' || b == b'_');
        let lang = parts.next().unwrap_or_default();
        let c = parts.find(|p| p.len() == 2 && p.bytes().all(|c| c.is_ascii_alphabetic()));
        if let Some(c) = c {
            if let Some(l) = labels.iter().find(|l| eq(language(l), lang) && eq(country(l), c)) {
                return Some(l);
            }
        }
        let same_lang = |l: &&Json| eq(language(l), lang);
        if let Some(l) =
            labels.iter().filter(same_lang).find(|l| country(l).is_none()).or_else(|| labels.iter().find(same_lang))
        {
            return Some(l);
        }
    }
    labels.first()
}

/// One reason for the page: its code and id (members `code_key`, `id_key` of the item), its
/// label for `locale`, and every label.
fn entry(r: &Json, code_key: &str, id_key: &str, locale: Option<&str>, selectable: Option<bool>) -> Json {
    let code = text(r, code_key).unwrap_or_default();
    let labels = list(r, "labels");
    let l = pick(labels, locale);
    let member = |k: &str| l.and_then(|l| text(l, k)).map_or(Json::Null, Json::str);
    let mut m = Obj::new();
    m.s("code", code)
        .s("id", text(r, id_key).unwrap_or_default())
        .s("label", l.and_then(|l| text(l, "name")).unwrap_or(code))
        .j("description", member("description"))
        .j("language", member("language"));
    if let Some(s) = selectable {
        m.b("selectable", s);
    }
    m.j("labels", Json::Array(labels.to_vec())).done()
}

/// Not-ready reasons (items checked against `wire::REASON_CODE`) for a locale:
/// `{code, id, label, description, language, selectable, labels}`.
pub fn not_ready_json(reasons: &[Json], locale: Option<&str>) -> Json {
    Json::Array(
        reasons
            .iter()
            .map(|r| entry(r, "reasonCodeCode", "reasonCodeId", locale, Some(flag(r, "selectable").unwrap_or(true))))
            .collect(),
    )
}

/// Logout reasons (items checked against `wire::LOGOUT_REASON`) for a locale:
/// `{code, id, label, description, language, labels}`.
pub fn logout_json(reasons: &[Json], locale: Option<&str>) -> Json {
    Json::Array(reasons.iter().map(|r| entry(r, "logoutReasonCode", "logoutReasonId", locale, None)).collect())
}

/// Makes a snapshot's reason lists (`Model::to_json`) display-ready for `locale`: its
/// `notReadyReasons` and `logoutReasons` become [`not_ready_json`] and [`logout_json`] (each
/// entry keeps every label in `labels`), so a page renders them without a call per render.
pub fn localise(snapshot: &mut Json, not_ready: &[Json], logout: &[Json], locale: Option<&str>) {
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

    fn label(lang: Option<&str>, country: Option<&str>, name: &str) -> Json {
        let mut m = vec![];
        if let Some(l) = lang {
            m.push(("language".to_owned(), Json::str(l)));
        }
        if let Some(c) = country {
            m.push(("country".to_owned(), Json::str(c)));
        }
        m.push(("name".to_owned(), Json::str(name)));
        Json::Object(m)
    }

    #[test]
    fn exact_then_language_then_first() {
        let ls = vec![
            label(Some("en"), Some("US"), "Lunch"),
            label(Some("de"), Some("DE"), "Mittag"),
            label(Some("de"), Some("CH"), "Zmittag"),
            label(Some("fr"), None, "Déjeuner"),
        ];
        assert_eq!(pick(&ls, Some("de-CH")).unwrap().get("name").and_then(Json::as_str).unwrap(), "Zmittag");
        assert_eq!(pick(&ls, Some("de_ch")).unwrap().get("name").and_then(Json::as_str).unwrap(), "Zmittag");
        assert_eq!(pick(&ls, Some("de-AT")).unwrap().get("name").and_then(Json::as_str).unwrap(), "Mittag");
        assert_eq!(pick(&ls, Some("fr-CA")).unwrap().get("name").and_then(Json::as_str).unwrap(), "Déjeuner");
        assert_eq!(pick(&ls, Some("ja")).unwrap().get("name").and_then(Json::as_str).unwrap(), "Lunch");
        assert_eq!(pick(&ls, None).unwrap().get("name").and_then(Json::as_str).unwrap(), "Lunch");
        assert!(pick(&[], Some("en")).is_none());
    }
}
