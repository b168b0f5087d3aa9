//! The pure rules of the notification-template editor: inserting a variable into the source at
//! the textarea's selection. The browser counts selection offsets in UTF-16 code units, so the
//! offsets here are UTF-16 too (Chinese text and emoji in a template must not shift them).

/// The Tera snippet that prints variable `name`.
pub fn variable_snippet(name: &str) -> String {
    format!("{{{{ {name} }}}}")
}

/// `text` with the UTF-16 range `start..end` (a textarea's selection; offsets past the end or
/// inside a surrogate pair are clamped to the nearest character boundary before them) replaced
/// by `snippet`, and the UTF-16 offset just after the snippet (where the cursor goes).
pub fn insert_at(text: &str, start: u32, end: u32, snippet: &str) -> (String, u32) {
    let (start, end) = (start.min(end), start.max(end));
    let from = byte_offset(text, start);
    let to = byte_offset(text, end);
    let out = format!("{}{snippet}{}", &text[..from], &text[to..]);
    let cursor = utf16_len(&text[..from]) + utf16_len(snippet);
    (out, cursor)
}

/// The byte offset of the last character boundary at or before UTF-16 offset `at`.
fn byte_offset(text: &str, at: u32) -> usize {
    let mut units = 0_u32;
    for (i, c) in text.char_indices() {
        let next = units + c.len_utf16() as u32;
        if next > at {
            return i;
        }
        units = next;
    }
    text.len()
}

/// Length of `s` in UTF-16 code units.
fn utf16_len(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variable_goes_where_the_cursor_is_counting_utf16_units() {
        assert_eq!(variable_snippet("unit"), "{{ unit }}");
        let text = "请办理：{{ title }}";
        // After "请办理：" (4 UTF-16 units).
        assert_eq!(
            insert_at(text, 4, 4, "【x】"),
            ("请办理：【x】{{ title }}".to_owned(), 7)
        );
        // A selection is replaced; reversed ends are accepted.
        assert_eq!(
            insert_at(text, 15, 4, "{{ number }}"),
            ("请办理：{{ number }}".to_owned(), 16)
        );
        // At the end, and past it.
        assert_eq!(insert_at("ab", 2, 2, "c"), ("abc".to_owned(), 3));
        assert_eq!(insert_at("ab", 9, 9, "c"), ("abc".to_owned(), 3));
        assert_eq!(insert_at("", 0, 0, "c"), ("c".to_owned(), 1));
    }

    #[test]
    fn characters_outside_the_basic_plane_count_twice() {
        // "😀" is two UTF-16 units; the cursor after it is at 2.
        assert_eq!(insert_at("😀好", 2, 2, "x"), ("😀x好".to_owned(), 3));
        // An offset inside the surrogate pair falls back to before the character.
        assert_eq!(insert_at("😀好", 1, 1, "x"), ("x😀好".to_owned(), 1));
    }
}
