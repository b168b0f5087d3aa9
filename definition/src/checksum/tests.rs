use super::*;
use proptest::prelude::*;

/// A classic valid resident ID number (born 1949-12-31, female, check `X`).
const ID_CARD: &str = "11010519491231002X";
/// A classic valid unified social credit code.
const CREDIT_CODE: &str = "91350100M000100Y43";

#[test]
fn known_id_card_is_valid() {
    assert!(is_valid_id_card(ID_CARD));
    assert!(is_valid_id_card("11010519491231002x"));
    assert_eq!(id_card_check_char("11010519491231002"), Some('X'));
}

#[test]
fn id_card_with_wrong_check_char_is_invalid() {
    for last in ['0', '1', '9'] {
        let s = format!("{}{last}", &ID_CARD[..17]);
        assert!(!is_valid_id_card(&s), "{s}");
    }
}

#[test]
fn id_card_with_wrong_length_or_characters_is_invalid() {
    assert!(!is_valid_id_card(""));
    assert!(!is_valid_id_card(&ID_CARD[..17]));
    assert!(!is_valid_id_card(&format!("{ID_CARD}0")));
    assert!(!is_valid_id_card("1101051949123100AX"));
    assert!(!is_valid_id_card(" 11010519491231002X"));
    // 18 bytes with a multi-byte character straddling the check position.
    assert!(!is_valid_id_card("1101051949123100é"));
}

#[test]
fn id_card_with_impossible_birth_date_is_invalid() {
    for first17 in [
        "11010519490230002", // 30 February
        "11010519491301002", // month 13
        "11010518991231002", // before 1900
        "11010521010101002", // after 2100
        "11010519490100002", // day 0
        "11010519000229002", // 1900 is not a leap year
    ] {
        let check = id_card_check_char(first17).unwrap();
        let s = format!("{first17}{check}");
        assert!(!is_valid_id_card(&s), "{s}");
        assert_eq!(id_card_birth_date(&s), None, "{s}");
    }
}

#[test]
fn id_card_on_leap_day_is_valid() {
    let first17 = "11010520000229001";
    let s = format!("{first17}{}", id_card_check_char(first17).unwrap());
    assert!(is_valid_id_card(&s));
    assert_eq!(id_card_birth_date(&s), Some((2000, 2, 29)));
}

#[test]
fn id_card_birth_date_and_gender() {
    assert_eq!(id_card_birth_date(ID_CARD), Some((1949, 12, 31)));
    assert_eq!(id_card_gender(ID_CARD), Some(Gender::Female));
    let male17 = "11010519491231001";
    let male = format!("{male17}{}", id_card_check_char(male17).unwrap());
    assert_eq!(id_card_gender(&male), Some(Gender::Male));
    assert_eq!(id_card_gender("11010519491231002"), None);
}

#[test]
fn id_card_check_char_needs_17_digits() {
    assert_eq!(id_card_check_char("1101051949123100"), None);
    assert_eq!(id_card_check_char("1101051949123100A"), None);
}

#[test]
fn known_credit_code_is_valid() {
    assert!(is_valid_credit_code(CREDIT_CODE));
    assert_eq!(credit_code_check_char(&CREDIT_CODE[..17]), Some('3'));
}

#[test]
fn credit_code_with_wrong_check_char_is_invalid() {
    assert!(!is_valid_credit_code("91350100M000100Y44"));
    assert!(!is_valid_credit_code("91350100M000100Y4A"));
}

#[test]
fn credit_code_with_forbidden_or_lower_case_letters_is_invalid() {
    assert!(!is_valid_credit_code("91350100m000100Y43"));
    for forbidden in ['I', 'O', 'Z', 'S', 'V'] {
        let first17 = format!("91350100{forbidden}00010012");
        assert_eq!(credit_code_check_char(&first17), None, "{first17}");
        // Whatever the last character, the code cannot be valid.
        for last in CREDIT_CODE_CHARSET {
            let s = format!("{first17}{}", char::from(*last));
            assert!(!is_valid_credit_code(&s), "{s}");
        }
    }
}

#[test]
fn credit_code_with_wrong_length_is_invalid() {
    assert!(!is_valid_credit_code(""));
    assert!(!is_valid_credit_code(&CREDIT_CODE[..17]));
    assert!(!is_valid_credit_code(&format!("{CREDIT_CODE}0")));
    assert!(!is_valid_credit_code("91350100M000100é"));
}

#[test]
fn credit_code_check_zero_when_sum_is_a_multiple_of_31() {
    // All zeros: sum 0, so the check is (31 - 0) % 31 = 0.
    assert_eq!(credit_code_check_char("00000000000000000"), Some('0'));
    assert!(is_valid_credit_code("000000000000000000"));
}

#[test]
fn mobile_numbers() {
    assert!(is_valid_mobile("13800138000"));
    assert!(is_valid_mobile("19912345678"));
    assert!(!is_valid_mobile("12800138000"), "second digit 2");
    assert!(!is_valid_mobile("23800138000"), "does not start with 1");
    assert!(!is_valid_mobile("1380013800"), "10 digits");
    assert!(!is_valid_mobile("138001380000"), "12 digits");
    assert!(!is_valid_mobile("1380013800a"));
    assert!(!is_valid_mobile("+8613800138000"));
}

#[test]
fn dates() {
    assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
    assert_eq!(parse_date("1900-01-01"), Some((1900, 1, 1)));
    assert_eq!(parse_date("2100-12-31"), Some((2100, 12, 31)));
    for bad in [
        "2023-02-29",
        "2024-04-31",
        "2024-13-01",
        "2024-00-10",
        "2024-1-5",
        "2024/01/05",
        "20240105",
        "2024-01-05T00:00",
        "1899-12-31",
        "2101-01-01",
        "２０２４-01-05",
    ] {
        assert_eq!(parse_date(bad), None, "{bad}");
    }
}

proptest! {
    #[test]
    fn checks_never_panic(s in any::<String>()) {
        let _ = is_valid_id_card(&s);
        let _ = id_card_birth_date(&s);
        let _ = id_card_gender(&s);
        let _ = is_valid_credit_code(&s);
        let _ = is_valid_mobile(&s);
        let _ = parse_date(&s);
    }

    #[test]
    fn valid_id_cards_carry_their_recomputed_check_char(
        s in "[0-9]{6}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]"
    ) {
        if is_valid_id_card(&s) {
            let expected = id_card_check_char(&s[..17]).unwrap();
            prop_assert_eq!(s[17..].to_ascii_uppercase(), expected.to_string());
            prop_assert!(id_card_birth_date(&s).is_some());
        }
    }

    #[test]
    fn appending_the_check_char_makes_an_id_card_valid(
        prefix in "[0-9]{6}(19[0-9]{2}|20[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}"
    ) {
        let check = id_card_check_char(&prefix).unwrap();
        let valid = format!("{prefix}{check}");
        prop_assert!(is_valid_id_card(&valid));
        let wrong = if check == '0' { '1' } else { '0' };
        let invalid = format!("{prefix}{wrong}");
        prop_assert!(!is_valid_id_card(&invalid));
    }

    #[test]
    fn appending_the_check_char_makes_a_credit_code_valid(
        prefix in "[0-9A-HJ-NP-RTUWXY]{17}"
    ) {
        let check = credit_code_check_char(&prefix).unwrap();
        let valid = format!("{prefix}{check}");
        prop_assert!(is_valid_credit_code(&valid));
        let wrong = if check == '0' { '1' } else { '0' };
        let invalid = format!("{prefix}{wrong}");
        prop_assert!(!is_valid_credit_code(&invalid));
    }
}
