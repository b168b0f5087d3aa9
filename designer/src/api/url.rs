//! Building request URLs: the `/api/v1` base, escaped path segments and query strings.

/// Base of every call to our own API (same origin, so the session cookie goes along).
pub const BASE: &str = "/api/v1";

/// Percent-encodes one path segment or query component (everything except RFC 3986 unreserved
/// characters), so ids and keywords with `/`, `?`, `&`, `#`, spaces or Chinese text are safe.
pub fn escape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `path` with a query string built from the non-empty pairs (empty values are left out).
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{}={}", escape(k), escape(v.trim())))
        .collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// The API URL of an attachment download.
pub fn attachment_href(id: &str) -> String {
    format!("{BASE}/attachments/{}", escape(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_reserved_and_chinese_characters() {
        assert_eq!(escape("matter:01J/x"), "matter%3A01J%2Fx");
        assert_eq!(escape("联办"), "%E8%81%94%E5%8A%9E");
        assert_eq!(escape("a-b_c.d~e"), "a-b_c.d~e");
    }

    #[test]
    fn query_skips_empty_values() {
        let url = with_query(
            "/worklist/todo",
            &[("type", ""), ("q", "张 三"), ("cursor", "  ")],
        );
        assert_eq!(url, "/worklist/todo?q=%E5%BC%A0%20%E4%B8%89");
        assert_eq!(with_query("/x", &[]), "/x");
    }
}
