//! Format and check-character rules for Chinese identifiers: the 18-character resident ID number
//! (身份证号, GB 11643, ISO 7064 MOD 11-2), the unified social credit code (统一社会信用代码,
//! GB 32100-2015, MOD 31) and mainland mobile numbers, plus the strict `YYYY-MM-DD` date format
//! used by date fields. All functions are pure and take the value exactly as given: callers trim.

use serde::{Deserialize, Serialize};

/// Weights of the first 17 characters of a resident ID number (ISO 7064 MOD 11-2).
const ID_CARD_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for each value of the weighted sum modulo 11.
const ID_CARD_CHECK: &[u8; 11] = b"10X98765432";

/// The 31 characters of a unified social credit code (no I, O, Z, S or V).
const CREDIT_CODE_CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of the first 17 characters of a unified social credit code.
const CREDIT_CODE_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Years accepted in birth dates and date fields; outside this window a date is taken as a typo.
const YEARS: std::ops::RangeInclusive<u16> = 1900..=2100;

/// Gender encoded in a resident ID number (odd 17th digit = male).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// 男.
    Male,
    /// 女.
    Female,
}

/// Whether `s` is a valid 18-character resident ID number: 17 digits, a birth date
/// (`YYYYMMDD` at positions 7–14) that is a real calendar date with a year in 1900..=2100, and
/// the correct check character (`0`–`9` or `X`; a lower-case `x` is accepted).
pub fn is_valid_id_card(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.len() != 18 {
        return false;
    }
    let Some(expected) = id_card_check(&bytes[..17]) else {
        return false;
    };
    id_card_birth_date(s).is_some() && bytes[17].to_ascii_uppercase() == expected
}

/// The check character (`0`–`9` or `X`) for the first 17 characters of a resident ID number, or
/// `None` unless `first17` is exactly 17 ASCII digits. Useful to build valid test numbers.
pub fn id_card_check_char(first17: &str) -> Option<char> {
    id_card_check(first17.as_bytes()).map(char::from)
}

/// The birth date `(year, month, day)` encoded in an 18-character resident ID number, or `None`
/// if the number is not 18 characters of the right shape or the date is not a real date with a
/// year in 1900..=2100. Does not look at the check character.
pub fn id_card_birth_date(s: &str) -> Option<(u16, u8, u8)> {
    let bytes = s.as_bytes();
    let shaped = bytes.len() == 18
        && bytes[..17].iter().all(u8::is_ascii_digit)
        && matches!(bytes[17], b'0'..=b'9' | b'X' | b'x');
    if !shaped {
        return None;
    }
    let year = digits(&bytes[6..10])?;
    let month = digits(&bytes[10..12])?;
    let day = digits(&bytes[12..14])?;
    checked_date(year, month, day)
}

/// The gender encoded in a resident ID number (its 17th digit), or `None` if `s` is not a valid
/// ID number according to [`is_valid_id_card`].
pub fn id_card_gender(s: &str) -> Option<Gender> {
    if !is_valid_id_card(s) {
        return None;
    }
    let digit = s.as_bytes()[16] - b'0';
    Some(if digit % 2 == 1 {
        Gender::Male
    } else {
        Gender::Female
    })
}

/// Whether `s` is a valid 18-character unified social credit code: every character from
/// `0-9A-Z` without `I`, `O`, `Z`, `S` and `V` (upper case only) and the correct check character.
pub fn is_valid_credit_code(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.len() == 18 && credit_code_check(&bytes[..17]) == Some(bytes[17])
}

/// The check character for the first 17 characters of a unified social credit code, or `None`
/// unless `first17` is exactly 17 characters of the code's charset (upper case).
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    credit_code_check(first17.as_bytes()).map(char::from)
}

/// Whether `s` is a mainland mobile number: 11 ASCII digits, starting with `1`, second digit
/// `3`–`9`.
pub fn is_valid_mobile(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.len() == 11
        && bytes.iter().all(u8::is_ascii_digit)
        && bytes[0] == b'1'
        && (b'3'..=b'9').contains(&bytes[1])
}

/// Parses a strict `YYYY-MM-DD` date (zero-padded, no time part) into `(year, month, day)` if it
/// is a real calendar date with a year in 1900..=2100.
pub fn parse_date(s: &str) -> Option<(u16, u8, u8)> {
    let bytes = s.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    checked_date(
        digits(&bytes[0..4])?,
        digits(&bytes[5..7])?,
        digits(&bytes[8..10])?,
    )
}

/// The ID-number check byte for 17 leading bytes, or `None` unless they are 17 ASCII digits.
/// Works on bytes so that multi-byte input never splits a character.
fn id_card_check(bytes: &[u8]) -> Option<u8> {
    if bytes.len() != 17 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = bytes
        .iter()
        .zip(ID_CARD_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(ID_CARD_CHECK[(sum % 11) as usize])
}

/// The credit-code check byte for 17 leading bytes, or `None` unless they are 17 charset bytes.
fn credit_code_check(bytes: &[u8]) -> Option<u8> {
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (&b, w) in bytes.iter().zip(CREDIT_CODE_WEIGHTS) {
        sum += credit_code_value(b)? * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(CREDIT_CODE_CHARSET[check as usize])
}

/// Whether `year` is a leap year in the Gregorian calendar.
fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// `(year, month, day)` if they form a real date inside [`YEARS`].
fn checked_date(year: u16, month: u16, day: u16) -> Option<(u16, u8, u8)> {
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => return None,
    };
    let valid = YEARS.contains(&year) && (1..=days_in_month).contains(&day);
    valid.then_some((year, month as u8, day as u8))
}

/// The decimal value of a short run of ASCII digits, or `None` if any byte is not a digit.
fn digits(bytes: &[u8]) -> Option<u16> {
    bytes.iter().try_fold(0u16, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u16::from(b - b'0'))
    })
}

/// The value (0–30) of one credit-code character, or `None` if it is not in the charset.
fn credit_code_value(b: u8) -> Option<u32> {
    CREDIT_CODE_CHARSET
        .iter()
        .position(|&c| c == b)
        .map(|p| p as u32)
}

#[cfg(test)]
mod tests;
