//! Static files: the demo page from `--www`, the npm package from `--pkg` under `/pkg/`,
//! with the content types browsers need (`application/wasm` for streaming compilation,
//! `text/javascript` for modules) and no way out of either folder.

use bytes::Bytes;
use http_body_util::Full;
use hyper::{header, Method, Response, StatusCode};
use std::path::{Component, Path, PathBuf};

/// Response body type of every HTTP answer.
pub type Body = Full<Bytes>;

/// The content type for a file name.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        // TypeScript declarations (pkg/*.d.ts): shown as text, never executed.
        "ts" | "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes; `None` for a broken escape or a result that is not UTF-8.
/// `plus`: `+` means space (query strings).
pub fn percent_decode(s: &str, plus: bool) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if plus => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Splits a query string into decoded pairs (pairs that do not decode are skipped).
pub fn query_pairs(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((percent_decode(k, true)?, percent_decode(v, true)?))
        })
        .collect()
}

/// The file a URL path names inside `root`, or `None` when the path tries to leave it
/// (`..`, encoded separators, NUL, absolute components).
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path, false)?;
    if decoded.contains('\0') || decoded.contains('\\') {
        return None;
    }
    let mut p = root.to_path_buf();
    for seg in decoded.split('/') {
        if seg.is_empty() || seg == "." {
            continue;
        }
        if seg == ".." || seg.contains(':') {
            return None;
        }
        let mut comps = Path::new(seg).components();
        match (comps.next(), comps.next()) {
            (Some(Component::Normal(_)), None) => p.push(seg),
            _ => return None,
        }
    }
    Some(p)
}

/// A plain-text response.
pub fn text(status: StatusCode, body: impl Into<String>) -> Response<Body> {
    let mut r = Response::new(Full::new(Bytes::from(body.into())));
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("text/plain; charset=utf-8"));
    r
}

/// Serves `url_path` from `root` (a directory gives its `index.html`).
pub async fn serve_file(root: &Path, url_path: &str, method: &Method) -> Response<Body> {
    if method != Method::GET && method != Method::HEAD {
        let mut r = text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        r.headers_mut().insert(header::ALLOW, header::HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let Some(mut path) = resolve(root, url_path) else {
        return text(StatusCode::FORBIDDEN, "forbidden path\n");
    };
    if tokio::fs::metadata(&path).await.is_ok_and(|m| m.is_dir()) {
        path.push("index.html");
    }
    // Symlinks must not lead out of the folder either.
    let (Ok(real_root), Ok(real)) = (tokio::fs::canonicalize(root).await, tokio::fs::canonicalize(&path).await) else {
        return text(StatusCode::NOT_FOUND, format!("not found: {url_path}\n"));
    };
    if !real.starts_with(&real_root) {
        return text(StatusCode::FORBIDDEN, "forbidden path\n");
    }
    match tokio::fs::read(&real).await {
        Ok(bytes) => {
            let len = bytes.len();
            let body = if method == Method::HEAD { Bytes::new() } else { Bytes::from(bytes) };
            let mut r = Response::new(Full::new(body));
            let h = r.headers_mut();
            h.insert(header::CONTENT_TYPE, header::HeaderValue::from_static(content_type(&real)));
            h.insert(header::CONTENT_LENGTH, header::HeaderValue::from(len));
            h.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
            h.insert("x-content-type-options", header::HeaderValue::from_static("nosniff"));
            r
        }
        Err(_) => text(StatusCode::NOT_FOUND, format!("not found: {url_path}\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        let root = Path::new("/srv/www");
        assert_eq!(resolve(root, "/a/b.js"), Some(PathBuf::from("/srv/www/a/b.js")));
        assert_eq!(resolve(root, "/"), Some(PathBuf::from("/srv/www")));
        for bad in
            ["/../etc/passwd", "/a/../../x", "/%2e%2e/x", "/a%2f..%2f..%2fx", "/a\\..\\x", "/%00", "/%zz", "/c:/x"]
        {
            assert_eq!(resolve(root, bad), None, "{bad}");
        }
    }

    #[test]
    fn types() {
        assert_eq!(content_type(Path::new("x.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("x.JS")), "text/javascript; charset=utf-8");
        assert_eq!(content_type(Path::new("x.d.ts")), "text/plain; charset=utf-8");
        assert_eq!(content_type(Path::new("x")), "application/octet-stream");
    }

    #[test]
    fn queries() {
        assert_eq!(
            query_pairs("a=1&b=x%20y+z&c"),
            vec![("a".into(), "1".into()), ("b".into(), "x y z".into()), ("c".into(), "".into())]
        );
        assert_eq!(percent_decode("%e2%82%ac", false).as_deref(), Some("€"));
        assert_eq!(percent_decode("%e2", false), None);
    }
}
