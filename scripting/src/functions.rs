//! The domain functions that scripts may call, with the metadata the designer shows.
//!
//! Every function here is pure: it reads only its arguments (no clock, no I/O, no randomness),
//! so a rule gives the same answer in the designer's preview and on the server. Functions that
//! inspect a value accept any type and answer `false` or `()` for values of the wrong type,
//! because an optional field that was left empty reaches the script as `()`. [`FUNCTIONS`] is the
//! single source of the metadata; a test runs each example and checks its stated result.

use lianban_definition::checksum;
use rhai::{Dynamic, Engine, EvalAltResult, FLOAT, INT, ImmutableString};
use serde::Serialize;
use std::collections::HashSet;

/// Metadata of one domain function, for the designer's function list and the docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FunctionDoc {
    /// Name as called from scripts.
    pub name: &'static str,
    /// Parameters and return type, e.g. `date_diff_days(from: string, to: string) -> int | ()`.
    pub signature: &'static str,
    /// What it does, in Chinese.
    pub description: &'static str,
    /// A call with its result after `// => `, runnable as it stands.
    pub example: &'static str,
}

/// The domain functions, in the order the designer lists them.
pub const FUNCTIONS: &[FunctionDoc] = &[
    FunctionDoc {
        name: "id_card_valid",
        signature: "id_card_valid(value) -> bool",
        description: "是否为有效的18位居民身份证号（含出生日期与校验码检查）；非字符串返回 false。",
        example: r#"id_card_valid("11010519491231002X") // => true"#,
    },
    FunctionDoc {
        name: "credit_code_valid",
        signature: "credit_code_valid(value) -> bool",
        description: "是否为有效的18位统一社会信用代码（含校验码检查）；非字符串返回 false。",
        example: r#"credit_code_valid("91350100M000100Y43") // => true"#,
    },
    FunctionDoc {
        name: "mobile_valid",
        signature: "mobile_valid(value) -> bool",
        description: "是否为有效的11位大陆手机号；非字符串返回 false。",
        example: r#"mobile_valid("13800138000") // => true"#,
    },
    FunctionDoc {
        name: "id_card_birth_date",
        signature: "id_card_birth_date(value) -> string | ()",
        description: "身份证号中的出生日期，格式 YYYY-MM-DD；号码格式不对时返回 ()。",
        example: r#"id_card_birth_date("11010519491231002X") // => 1949-12-31"#,
    },
    FunctionDoc {
        name: "id_card_birth_year",
        signature: "id_card_birth_year(value) -> int | ()",
        description: "身份证号中的出生年份；号码格式不对时返回 ()。",
        example: r#"id_card_birth_year("11010519491231002X") // => 1949"#,
    },
    FunctionDoc {
        name: "id_card_gender",
        signature: "id_card_gender(value) -> string | ()",
        description: "身份证号对应的性别：\"male\"（男）或 \"female\"（女）；号码无效时返回 ()。",
        example: r#"id_card_gender("11010519491231002X") // => female"#,
    },
    FunctionDoc {
        name: "is_blank",
        signature: "is_blank(value) -> bool",
        description: "值是否为空：()、空串或只含空白的字符串、空数组、空对象映射。",
        example: r#"is_blank("  ") // => true"#,
    },
    FunctionDoc {
        name: "len_chars",
        signature: "len_chars(value: string | ()) -> int",
        description: "字符串的字符数（一个汉字计1）；() 计为0，其他类型报错。",
        example: r#"len_chars("联办事项") // => 4"#,
    },
    FunctionDoc {
        name: "to_number",
        signature: "to_number(value) -> float | ()",
        description: "把数字或数字字符串（可带首尾空白）转为小数；无法转换时返回 ()。",
        example: r#"to_number(" 12.5 ") // => 12.5"#,
    },
    FunctionDoc {
        name: "date_diff_days",
        signature: "date_diff_days(from, to) -> int | ()",
        description: "两个 YYYY-MM-DD 日期相差的天数（to 减 from，可为负）；任一日期无效时返回 ()。纯日期计算，不读取当前时间。",
        example: r#"date_diff_days("2024-01-01", "2024-03-01") // => 60"#,
    },
    FunctionDoc {
        name: "contains_any",
        signature: "contains_any(values, candidates) -> bool",
        description: "values 中是否有任一元素出现在 candidates 中（如多选框是否勾选了某些选项）。参数可为数组、单个值或 ()（视为空）；数字按数值比较。",
        example: r#"contains_any(["a", "b"], ["b", "c"]) // => true"#,
    },
];

/// Registers every function of [`FUNCTIONS`] on `engine`.
pub(crate) fn register(engine: &mut Engine) {
    engine
        .register_fn("id_card_valid", |v: Dynamic| {
            with_str(&v, checksum::is_valid_id_card)
        })
        .register_fn("credit_code_valid", |v: Dynamic| {
            with_str(&v, checksum::is_valid_credit_code)
        })
        .register_fn("mobile_valid", |v: Dynamic| {
            with_str(&v, checksum::is_valid_mobile)
        })
        .register_fn("id_card_birth_date", |v: Dynamic| {
            birth_date(&v).map_or(Dynamic::UNIT, |(y, m, d)| {
                Dynamic::from(format!("{y:04}-{m:02}-{d:02}"))
            })
        })
        .register_fn("id_card_birth_year", |v: Dynamic| {
            birth_date(&v).map_or(Dynamic::UNIT, |(y, _, _)| Dynamic::from(INT::from(y)))
        })
        .register_fn("id_card_gender", |v: Dynamic| {
            let gender = v
                .as_immutable_string_ref()
                .ok()
                .and_then(|s| checksum::id_card_gender(&s));
            match gender {
                Some(checksum::Gender::Male) => Dynamic::from("male"),
                Some(checksum::Gender::Female) => Dynamic::from("female"),
                None => Dynamic::UNIT,
            }
        })
        .register_fn("is_blank", |v: Dynamic| is_blank(&v))
        .register_fn("len_chars", len_chars)
        .register_fn("to_number", |v: Dynamic| {
            to_number(&v).map_or(Dynamic::UNIT, Dynamic::from)
        })
        .register_fn("date_diff_days", |from: Dynamic, to: Dynamic| {
            date_diff_days(&from, &to).map_or(Dynamic::UNIT, Dynamic::from)
        })
        .register_fn("contains_any", contains_any);
}

/// `test` applied to the string inside `value`; `false` for any other type.
fn with_str(value: &Dynamic, test: fn(&str) -> bool) -> bool {
    value.as_immutable_string_ref().is_ok_and(|s| test(&s))
}

/// Birth date in an ID number held by `value`, if it is a string of the right shape.
fn birth_date(value: &Dynamic) -> Option<(u16, u8, u8)> {
    let s = value.as_immutable_string_ref().ok()?;
    checksum::id_card_birth_date(&s)
}

/// `()`, a blank string, an empty array or an empty map.
pub(crate) fn is_blank(value: &Dynamic) -> bool {
    if value.is_unit() {
        return true;
    }
    if let Ok(s) = value.as_immutable_string_ref() {
        return s.trim().is_empty();
    }
    if let Ok(a) = value.as_array_ref() {
        return a.is_empty();
    }
    value.as_map_ref().is_ok_and(|m| m.is_empty())
}

/// Number of Unicode scalar values in a string; `()` counts as empty.
fn len_chars(value: Dynamic) -> Result<INT, Box<EvalAltResult>> {
    if value.is_unit() {
        return Ok(0);
    }
    let s = value
        .as_immutable_string_ref()
        .map_err(|ty| format!("len_chars 需要字符串参数，实际为 {ty}"))?;
    Ok(INT::try_from(s.chars().count()).unwrap_or(INT::MAX))
}

/// An int, a float or a numeric string (surrounding whitespace allowed) as a finite float.
pub(crate) fn to_number(value: &Dynamic) -> Option<FLOAT> {
    if let Ok(i) = value.as_int() {
        return Some(i as FLOAT);
    }
    let n = match value.as_float() {
        Ok(f) => f,
        Err(_) => value.as_immutable_string_ref().ok()?.trim().parse().ok()?,
    };
    n.is_finite().then_some(n)
}

/// Days from `from` to `to`, both strict `YYYY-MM-DD` strings.
pub(crate) fn date_diff_days(from: &Dynamic, to: &Dynamic) -> Option<INT> {
    let day = |d: &Dynamic| {
        let s = d.as_immutable_string_ref().ok()?;
        checksum::parse_date(&s).map(|(y, m, d)| days_from_civil(y, m, d))
    };
    Some(day(to)? - day(from)?)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(year: u16, month: u8, day: u8) -> INT {
    let (month, day) = (INT::from(month), INT::from(day));
    let year = INT::from(year) - INT::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Whether some element of `values` equals some element of `candidates` (see [`FUNCTIONS`]).
/// Linear in the total size, so large arrays cannot stall the engine outside its budget.
fn contains_any(values: Dynamic, candidates: Dynamic) -> bool {
    let wanted: HashSet<Key> = elements(candidates).iter().filter_map(Key::of).collect();
    !wanted.is_empty()
        && elements(values)
            .iter()
            .filter_map(Key::of)
            .any(|k| wanted.contains(&k))
}

/// The elements of an array; a single value is one element and `()` none.
fn elements(value: Dynamic) -> Vec<Dynamic> {
    if value.is_unit() {
        return Vec::new();
    }
    if value.is_array() {
        return value.into_array().unwrap_or_default();
    }
    vec![value]
}

/// A comparable form of a primitive value: numbers by value, chars as one-char strings.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Key {
    /// A boolean.
    Bool(bool),
    /// An integer, or a float with an exact integer value.
    Int(INT),
    /// A non-integral float, by its bits.
    Float(u64),
    /// A string or char.
    Str(ImmutableString),
}

impl Key {
    /// The key of a primitive value; `None` for `()`, arrays, maps and other types.
    fn of(value: &Dynamic) -> Option<Self> {
        if let Ok(b) = value.as_bool() {
            return Some(Self::Bool(b));
        }
        if let Ok(i) = value.as_int() {
            return Some(Self::Int(i));
        }
        if let Ok(f) = value.as_float() {
            let integral = f.fract() == 0.0 && f.abs() < 9.0e15;
            return Some(if integral {
                Self::Int(f as INT)
            } else {
                Self::Float(f.to_bits())
            });
        }
        if let Ok(c) = value.as_char() {
            return Some(Self::Str(c.to_string().into()));
        }
        value
            .as_immutable_string_ref()
            .ok()
            .map(|s| Self::Str(s.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_match_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1900, 1, 1), -25_567);
        assert_eq!(
            days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 28),
            2
        );
        assert_eq!(
            days_from_civil(2023, 3, 1) - days_from_civil(2023, 2, 28),
            1
        );
        assert_eq!(
            days_from_civil(2100, 3, 1) - days_from_civil(2100, 2, 28),
            1
        );
    }

    #[test]
    fn keys_compare_numbers_by_value() {
        assert_eq!(
            Key::of(&Dynamic::from(2.0 as FLOAT)),
            Key::of(&Dynamic::from(2 as INT))
        );
        assert_ne!(
            Key::of(&Dynamic::from(2.5 as FLOAT)),
            Key::of(&Dynamic::from(2 as INT))
        );
        assert_eq!(Key::of(&Dynamic::from('a')), Key::of(&Dynamic::from("a")));
        assert_eq!(Key::of(&Dynamic::UNIT), None);
    }

    #[test]
    fn names_are_unique() {
        let names: HashSet<_> = FUNCTIONS.iter().map(|f| f.name).collect();
        assert_eq!(names.len(), FUNCTIONS.len());
        assert!(FUNCTIONS.iter().all(|f| f.signature.starts_with(f.name)));
        assert!(FUNCTIONS.iter().all(|f| f.example.starts_with(f.name)));
    }
}
