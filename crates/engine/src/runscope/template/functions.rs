//! Runscope's built-in template values and functions (runscope.com/docs/api-testing/variables,
//! "Built-in Variables and Functions"; help.blazemeter.com "Dynamic Data and Request Chaining").
//!
//! Values without arguments: `timestamp`, `utc_datetime`, `random_int`, `uuid`. Functions:
//! `random_int(a,b)`, `random_string(n)`, `encode_base64`, `decode_base64`, `url_encode`, `md5`,
//! `sha1`, `sha256`, `hmac_sha1(value, key)`, `hmac_sha256(value, key)`,
//! `format_timestamp(seconds, format)`, `timestamp_offset(seconds)`.
//!
//! Hashes and HMACs are lowercase hex; every function returns text. A function called with the
//! wrong number or kind of arguments returns an error sentence naming what it expects, which the
//! caller turns into a step error: nothing here panics on input.

use crate::redact::UNRESERVED;
use base64::Engine;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use chrono::{DateTime, Datelike, Timelike, Utc};
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use percent_encoding::utf8_percent_encode;
use rand::Rng;
use rand::distr::{Alphanumeric, SampleString};
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// Longest `random_string(n)`: Runscope's documented maximum, which also keeps one template
/// from asking for gigabytes.
pub const MAX_RANDOM_STRING: usize = 1000;

/// Base64 decoding that accepts the standard alphabet with or without `=` padding.
pub(crate) const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// How a function's argument text is cut into arguments (only top-level commas count: commas
/// inside a nested `{{…}}` belong to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arguments {
    /// None (`uuid()`, `timestamp()`): the text must be empty.
    None,
    /// The whole text is one argument, commas included (`md5(a,b)` hashes `a,b`).
    One,
    /// Zero or two, split at the only comma (`random_int`, `random_int(2,6)`).
    NoneOrTwo,
    /// Two, split at the first comma: the second may hold commas (`format_timestamp`'s format).
    TwoFirstComma,
    /// Two, split at the last comma: the first may hold commas (an HMAC's message).
    TwoLastComma,
}

/// The names the template engine knows, with how their arguments are cut.
pub const FUNCTIONS: [(&str, Arguments); 15] = [
    ("timestamp", Arguments::None),
    ("utc_datetime", Arguments::None),
    ("uuid", Arguments::None),
    ("random_int", Arguments::NoneOrTwo),
    ("random_string", Arguments::One),
    ("encode_base64", Arguments::One),
    ("decode_base64", Arguments::One),
    ("url_encode", Arguments::One),
    ("md5", Arguments::One),
    ("sha1", Arguments::One),
    ("sha256", Arguments::One),
    ("hmac_sha1", Arguments::TwoLastComma),
    ("hmac_sha256", Arguments::TwoLastComma),
    ("format_timestamp", Arguments::TwoFirstComma),
    ("timestamp_offset", Arguments::One),
];

/// How `name`'s arguments are cut, when it is a function.
pub fn arguments(name: &str) -> Option<Arguments> {
    FUNCTIONS.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
}

/// The function names, for error messages.
pub fn names() -> String {
    FUNCTIONS
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The value of a built-in used without parentheses (`{{uuid}}`), if `name` is one.
pub fn value(name: &str) -> Option<String> {
    match arguments(name)? {
        Arguments::None | Arguments::NoneOrTwo => call(name, &[]).ok(),
        _ => None,
    }
}

/// Calls `name` with `args` (already filled). `Err` says what is wrong and what is expected.
pub fn call(name: &str, args: &[String]) -> Result<String, String> {
    let now = Utc::now();
    match (name, args) {
        ("timestamp", []) => Ok(now.timestamp().to_string()),
        ("utc_datetime", []) => Ok(now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        ("uuid", []) => Ok(uuid::Uuid::new_v4().to_string()),
        ("random_int", []) => Ok(rand::rng().random::<u64>().to_string()),
        ("random_int", [low, high]) => random_int(low, high),
        ("random_string", [length]) => random_string(length),
        ("encode_base64", [value]) => Ok(STANDARD.encode(value)),
        ("decode_base64", [value]) => decode_base64(value),
        ("url_encode", [value]) => Ok(utf8_percent_encode(value, UNRESERVED).to_string()),
        ("md5", [value]) => Ok(hex(&md5::Md5::digest(value))),
        ("sha1", [value]) => Ok(hex(&Sha1::digest(value))),
        ("sha256", [value]) => Ok(hex(&Sha256::digest(value))),
        ("hmac_sha1", [value, key]) => hmac::<Hmac<Sha1>>(value.as_bytes(), key.as_bytes()),
        ("hmac_sha256", [value, key]) => hmac::<Hmac<Sha256>>(value.as_bytes(), key.as_bytes()),
        ("format_timestamp", [seconds, format]) => {
            let at = instant(seconds)?;
            Ok(format_instant(&at, format))
        }
        ("timestamp_offset", [offset]) => {
            let offset = integer(offset, "the offset in seconds")?;
            now.timestamp()
                .checked_add(offset)
                .map(|t| t.to_string())
                .ok_or_else(|| format!("offset {offset} s is out of range"))
        }
        _ => Err(usage(name)),
    }
}

/// How `name` is called, for a call with the wrong number of arguments.
pub fn usage(name: &str) -> String {
    let form = match name {
        "timestamp" | "utc_datetime" | "uuid" => format!("takes no arguments: {{{{{name}}}}}"),
        "random_int" => {
            "takes no arguments or two integers: {{random_int}}, {{random_int(1,6)}}".into()
        }
        "random_string" => "takes a length: {{random_string(12)}}".into(),
        "hmac_sha1" | "hmac_sha256" => {
            format!("takes a value and a key: {{{{{name}(value, key)}}}}")
        }
        "format_timestamp" => {
            "takes Unix seconds and a format: {{format_timestamp({{timestamp}}, YYYY-MM-DD)}}"
                .into()
        }
        "timestamp_offset" => "takes an offset in seconds: {{timestamp_offset(-3600)}}".into(),
        _ => format!("takes one value: {{{{{name}(value)}}}}"),
    };
    format!("{name} {form}")
}

fn integer(text: &str, what: &str) -> Result<i64, String> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| format!("{what} must be an integer, not {text:?}"))
}

fn random_int(low: &str, high: &str) -> Result<String, String> {
    let low = integer(low, "random_int's lower bound")?;
    let high = integer(high, "random_int's upper bound")?;
    if low > high {
        return Err(format!(
            "random_int({low},{high}): the lower bound is greater than the upper bound"
        ));
    }
    Ok(rand::rng().random_range(low..=high).to_string())
}

fn random_string(length: &str) -> Result<String, String> {
    let length = length
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| *n <= MAX_RANDOM_STRING)
        .ok_or_else(|| {
            format!("random_string's length must be a whole number from 0 to {MAX_RANDOM_STRING}, not {length:?}")
        })?;
    Ok(Alphanumeric.sample_string(&mut rand::rng(), length))
}

fn decode_base64(value: &str) -> Result<String, String> {
    let bytes = LENIENT_BASE64
        .decode(value.trim())
        .map_err(|e| format!("decode_base64: the value is not base64 ({e})"))?;
    String::from_utf8(bytes)
        .map_err(|_| "decode_base64: the decoded bytes are not UTF-8 text".to_owned())
}

/// `bytes` as lowercase hex, the form hashes and HMACs are written in.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The HMAC of `data` under `key`, as lowercase hex (also what scripts' CryptoJS HMACs use).
pub(crate) fn hmac<M: Mac + KeyInit>(data: &[u8], key: &[u8]) -> Result<String, String> {
    // HMAC takes keys of any length (RFC 2104 hashes long ones): the error is not expected.
    let mut mac = <M as KeyInit>::new_from_slice(key)
        .map_err(|e| format!("the HMAC key was refused: {e}"))?;
    mac.update(data);
    Ok(hex(&mac.finalize().into_bytes()))
}

/// Unix seconds as an instant.
fn instant(seconds: &str) -> Result<DateTime<Utc>, String> {
    let seconds = integer(seconds, "format_timestamp's timestamp (Unix seconds)")?;
    DateTime::from_timestamp(seconds, 0)
        .ok_or_else(|| format!("timestamp {seconds} is out of range"))
}

/// The format tokens of `format_timestamp`, longest first so `YYYY` wins over `YY`. They follow
/// Moment.js, the date library Runscope's scripts ship, read in UTC.
const TOKENS: [&str; 24] = [
    "YYYY", "MMMM", "dddd", "MMM", "ddd", "SSS", "YY", "MM", "DD", "HH", "hh", "mm", "ss", "ZZ",
    "M", "D", "H", "h", "m", "s", "A", "a", "Z", "X",
];

/// Writes `at` in `format`: the [`TOKENS`] are replaced, text in `[brackets]` is kept as is
/// (without the brackets), anything else is copied.
pub fn format_instant(at: &DateTime<Utc>, format: &str) -> String {
    let mut out = String::new();
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        if let Some(end) = rest.find(']').filter(|_| c == '[') {
            out.push_str(&rest[1..end]);
            rest = &rest[end + 1..];
            continue;
        }
        match TOKENS.iter().find(|t| rest.starts_with(**t)) {
            Some(token) => {
                out.push_str(&token_text(at, token));
                rest = &rest[token.len()..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

fn token_text(at: &DateTime<Utc>, token: &str) -> String {
    let twelve = match at.hour() % 12 {
        0 => 12,
        h => h,
    };
    match token {
        "YYYY" => format!("{:04}", at.year()),
        "YY" => format!("{:02}", at.year().rem_euclid(100)),
        "MMMM" => at.format("%B").to_string(),
        "MMM" => at.format("%b").to_string(),
        "MM" => format!("{:02}", at.month()),
        "M" => at.month().to_string(),
        "DD" => format!("{:02}", at.day()),
        "D" => at.day().to_string(),
        "dddd" => at.format("%A").to_string(),
        "ddd" => at.format("%a").to_string(),
        "HH" => format!("{:02}", at.hour()),
        "H" => at.hour().to_string(),
        "hh" => format!("{twelve:02}"),
        "h" => twelve.to_string(),
        "mm" => format!("{:02}", at.minute()),
        "m" => at.minute().to_string(),
        "ss" => format!("{:02}", at.second()),
        "s" => at.second().to_string(),
        "SSS" => format!("{:03}", at.timestamp_subsec_millis()),
        "A" => if at.hour() < 12 { "AM" } else { "PM" }.into(),
        "a" => if at.hour() < 12 { "am" } else { "pm" }.into(),
        "ZZ" => "+0000".into(),
        "Z" => "+00:00".into(),
        _ => at.timestamp().to_string(), // "X"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call1(name: &str, arg: &str) -> String {
        call(name, &[arg.to_owned()]).unwrap()
    }

    fn call2(name: &str, a: &str, b: &str) -> Result<String, String> {
        call(name, &[a.to_owned(), b.to_owned()])
    }

    #[test]
    fn md5_matches_rfc_1321_vectors() {
        assert_eq!(call1("md5", ""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(call1("md5", "abc"), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            call1("md5", "message digest"),
            "f96b697d7cb7938d525a2f31aaf161d0"
        );
    }

    #[test]
    fn sha1_and_sha256_match_fips_180_vectors() {
        assert_eq!(
            call1("sha1", "abc"),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            call1("sha256", "abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            call1("sha256", ""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn hmacs_match_rfc_2202_and_4231_vectors() {
        // RFC 2202 test case 2 and RFC 4231 test case 2: key "Jefe".
        let message = "what do ya want for nothing?";
        assert_eq!(
            call2("hmac_sha1", message, "Jefe").unwrap(),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
        assert_eq!(
            call2("hmac_sha256", message, "Jefe").unwrap(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn base64_matches_rfc_4648_vectors_both_ways() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(call1("encode_base64", plain), encoded);
            assert_eq!(call1("decode_base64", encoded), plain);
        }
        assert_eq!(call1("decode_base64", "Zg"), "f", "padding is optional");
        let bad = call("decode_base64", &["not base64!".into()]).unwrap_err();
        assert!(bad.contains("not base64"), "{bad}");
        let binary = call("decode_base64", &["/w==".into()]).unwrap_err();
        assert!(binary.contains("UTF-8"), "{binary}");
    }

    #[test]
    fn url_encode_keeps_only_unreserved_characters() {
        assert_eq!(
            call1("url_encode", "userName eq \"a+b@x.com\""),
            "userName%20eq%20%22a%2Bb%40x.com%22"
        );
        assert_eq!(call1("url_encode", "A-z_0.9~"), "A-z_0.9~");
        assert_eq!(call1("url_encode", "é"), "%C3%A9");
    }

    #[test]
    fn random_int_stays_in_its_inclusive_range() {
        for _ in 0..200 {
            let n: i64 = call2("random_int", "2", "6").unwrap().parse().unwrap();
            assert!((2..=6).contains(&n), "{n}");
        }
        assert_eq!(call2("random_int", "-3", "-3").unwrap(), "-3");
        assert!(value("random_int").unwrap().parse::<u64>().is_ok());
    }

    #[test]
    fn random_int_called_wrongly_says_how() {
        let reversed = call2("random_int", "6", "2").unwrap_err();
        assert!(reversed.contains("greater"), "{reversed}");
        let word = call2("random_int", "two", "6").unwrap_err();
        assert!(word.contains("integer") && word.contains("two"), "{word}");
        let one = call("random_int", &["6".into()]).unwrap_err();
        assert!(one.contains("{{random_int(1,6)}}"), "{one}");
    }

    #[test]
    fn random_string_has_the_length_asked_and_only_letters_and_digits() {
        let s = call1("random_string", "40");
        assert_eq!(s.len(), 40);
        assert!(s.chars().all(|c| c.is_ascii_alphanumeric()), "{s}");
        assert_eq!(call1("random_string", "0"), "");
        for bad in ["-1", "x", "1001"] {
            let err = call("random_string", &[bad.into()]).unwrap_err();
            assert!(err.contains("0 to 1000"), "{bad}: {err}");
        }
    }

    #[test]
    fn uuid_is_a_version_4_uuid() {
        let id = value("uuid").unwrap();
        let parsed = uuid::Uuid::parse_str(&id).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        assert_ne!(id, value("uuid").unwrap());
    }

    #[test]
    fn timestamp_and_utc_datetime_read_the_clock() {
        let before = Utc::now().timestamp();
        let t: i64 = value("timestamp").unwrap().parse().unwrap();
        assert!(t >= before && t <= Utc::now().timestamp(), "{t}");
        let text = value("utc_datetime").unwrap();
        assert!(text.ends_with('Z'), "{text}");
        assert!(DateTime::parse_from_rfc3339(&text).is_ok(), "{text}");
    }

    #[test]
    fn timestamp_offset_moves_the_clock_by_seconds() {
        let now = Utc::now().timestamp();
        let later: i64 = call1("timestamp_offset", "3600").parse().unwrap();
        assert!((later - now - 3600).abs() <= 1, "{later} vs {now}");
        let earlier: i64 = call1("timestamp_offset", "-86400").parse().unwrap();
        assert!((now - earlier - 86400).abs() <= 1);
        assert!(call("timestamp_offset", &["soon".into()]).is_err());
        assert!(call("timestamp_offset", &[i64::MAX.to_string()]).is_err());
    }

    #[test]
    fn format_timestamp_writes_moment_style_tokens_in_utc() {
        // 2009-02-13T23:31:30Z
        let t = "1234567890";
        let f = |format: &str| call2("format_timestamp", t, format).unwrap();
        assert_eq!(f("YYYY-MM-DD HH:mm:ss"), "2009-02-13 23:31:30");
        assert_eq!(f("YY M D H m s"), "09 2 13 23 31 30");
        assert_eq!(f("hh:mm A / h a"), "11:31 PM / 11 pm");
        assert_eq!(f("dddd, MMMM D"), "Friday, February 13");
        assert_eq!(f("ddd MMM"), "Fri Feb");
        assert_eq!(
            f("[Year] YYYY, X, SSS ZZ Z"),
            "Year 2009, 1234567890, 000 +0000 +00:00"
        );
        assert_eq!(
            call2("format_timestamp", "0", "YYYY-MM-DDTHH:mm:ssZ").unwrap(),
            "1970-01-01T00:00:00+00:00"
        );
        let bad = call2("format_timestamp", "yesterday", "YYYY").unwrap_err();
        assert!(bad.contains("Unix seconds"), "{bad}");
        assert!(call2("format_timestamp", &i64::MAX.to_string(), "YYYY").is_err());
    }

    #[test]
    fn wrong_argument_counts_name_the_expected_form() {
        let err = call("md5", &[]).unwrap_err();
        assert!(err.contains("{{md5(value)}}"), "{err}");
        let err = call("uuid", &["x".into()]).unwrap_err();
        assert!(err.contains("no arguments"), "{err}");
        let err = call("hmac_sha256", &["x".into()]).unwrap_err();
        assert!(err.contains("value and a key"), "{err}");
        assert_eq!(value("md5"), None);
        assert_eq!(value("no_such_function"), None);
    }
}
