//! What Runscope's helper libraries need from Rust. `helpers.js` writes Underscore, Moment,
//! CryptoJS and xml2json in JavaScript as far as real scripts use them; the bytes behind CryptoJS
//! (digests, HMACs, base64, UTF-8), Moment's format tokens and the XML parse behind xml2json are
//! computed here, with the same crates, token table and parser as the template functions and
//! `response_xml`, so `{{hmac_sha256(v, k)}}` and `CryptoJS.HmacSHA256(v, k)` cannot disagree.
//! Bytes cross the boundary as lowercase hex; the XML as its parser's events, in JSON.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::DateTime;
use hmac::Hmac;
use rquickjs::{Ctx, Exception, Function, Object};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use crate::runscope::template::functions::{self, LENIENT_BASE64, format_instant, hex};
use crate::runscope::xml::Document;

/// The helper libraries as one function expression taking `(host, unsupported)` and returning
/// `{_, moment, CryptoJS, xml2json}`; globals.js evaluates it when a script first uses one of
/// them.
const HELPERS: &str = concat!(
    "(function (host, unsupported) {\n\"use strict\";\n",
    include_str!("helpers.js"),
    "\n})"
);

/// Puts the libraries' source and the functions they call on the `host` object.
pub(super) fn install<'js>(ctx: &Ctx<'js>, host: &Object<'js>) -> rquickjs::Result<()> {
    host.set("helpers", HELPERS)?;
    host.set(
        "digest",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, algorithm: String, data: String| {
                thrown(&ctx, digest(&algorithm, &data))
            },
        )?,
    )?;
    host.set(
        "hmac",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, algorithm: String, key: String, data: String| {
                thrown(&ctx, hmac(&algorithm, &key, &data))
            },
        )?,
    )?;
    host.set(
        "base64",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, data: String| {
            thrown(&ctx, bytes(&data).map(|b| STANDARD.encode(b)))
        })?,
    )?;
    host.set(
        "unbase64",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, text: String| {
            let decoded = LENIENT_BASE64
                .decode(text.trim())
                .map(|b| hex(&b))
                .map_err(|e| format!("CryptoJS.enc.Base64.parse: not base64 ({e})"));
            thrown(&ctx, decoded)
        })?,
    )?;
    host.set(
        "utf8Hex",
        Function::new(ctx.clone(), |text: String| hex(text.as_bytes()))?,
    )?;
    host.set(
        "hexUtf8",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, data: String| {
            let text = bytes(&data)
                .and_then(|b| String::from_utf8(b).map_err(|_| "Malformed UTF-8 data".to_owned()));
            thrown(&ctx, text)
        })?,
    )?;
    host.set(
        "xmlEvents",
        Function::new(ctx.clone(), |ctx: Ctx<'js>, text: String| {
            let events = Document::parse(&text)
                .map(|document| document.events().to_string())
                .map_err(|e| format!("xml2json.toJson: the text is not XML ({e})"));
            thrown(&ctx, events)
        })?,
    )?;
    host.set(
        "formatTime",
        Function::new(ctx.clone(), |millis: f64, format: String| {
            format_time(millis, &format)
        })?,
    )?;
    Ok(())
}

/// `result`, or its error thrown as a JavaScript `Error`.
fn thrown<'js>(ctx: &Ctx<'js>, result: Result<String, String>) -> rquickjs::Result<String> {
    result.map_err(|message| Exception::throw_message(ctx, &message))
}

/// The bytes of lowercase or uppercase hex `text`.
fn bytes(text: &str) -> Result<Vec<u8>, String> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return Err(format!("not hex bytes: {text:?}"));
    }
    (0..text.len())
        .step_by(2)
        .map(|at| {
            u8::from_str_radix(&text[at..at + 2], 16)
                .map_err(|_| format!("not hex bytes: {text:?}"))
        })
        .collect()
}

/// The `algorithm` digest of the hex bytes `data`, as hex.
fn digest(algorithm: &str, data: &str) -> Result<String, String> {
    let data = bytes(data)?;
    Ok(match algorithm {
        "md5" => hex(&md5::Md5::digest(&data)),
        "sha1" => hex(&Sha1::digest(&data)),
        "sha256" => hex(&Sha256::digest(&data)),
        "sha512" => hex(&Sha512::digest(&data)),
        other => return Err(format!("no digest named {other}")),
    })
}

/// The HMAC-`algorithm` of the hex bytes `data` under the hex bytes `key`, as hex.
fn hmac(algorithm: &str, key: &str, data: &str) -> Result<String, String> {
    let (key, data) = (bytes(key)?, bytes(data)?);
    match algorithm {
        "md5" => functions::hmac::<Hmac<md5::Md5>>(&data, &key),
        "sha1" => functions::hmac::<Hmac<Sha1>>(&data, &key),
        "sha256" => functions::hmac::<Hmac<Sha256>>(&data, &key),
        "sha512" => functions::hmac::<Hmac<Sha512>>(&data, &key),
        other => Err(format!("no HMAC named {other}")),
    }
}

/// The instant `millis` after the Unix epoch written with Moment's format tokens, in UTC;
/// "Invalid date" (Moment's words) when it is not a representable instant.
fn format_time(millis: f64, format: &str) -> String {
    if !millis.is_finite() {
        return "Invalid date".to_owned();
    }
    // Whole milliseconds: the fraction a JavaScript number may carry is below Moment's precision.
    DateTime::from_timestamp_millis(millis.floor() as i64).map_or_else(
        || "Invalid date".to_owned(),
        |at| format_instant(&at, format),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_bytes_round_trip_and_bad_hex_is_an_error() {
        assert_eq!(bytes("00ff7A"), Ok(vec![0, 255, 122]));
        assert!(bytes("abc").is_err());
        assert!(bytes("zz").is_err());
    }

    #[test]
    fn digests_and_hmacs_match_published_vectors() {
        let abc = hex(b"abc");
        assert_eq!(
            digest("sha256", &abc).unwrap(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(
            digest("sha512", &abc)
                .unwrap()
                .starts_with("ddaf35a193617aba")
        );
        // RFC 4231 test case 2.
        let key = hex(b"Jefe");
        let data = hex(b"what do ya want for nothing?");
        assert_eq!(
            hmac("sha256", &key, &data).unwrap(),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(digest("sha3", &abc).is_err());
    }

    #[test]
    fn times_are_written_in_utc_and_non_instants_are_invalid() {
        assert_eq!(
            format_time(1_000_000_000_123.0, "YYYY-MM-DD HH:mm:ss.SSS"),
            "2001-09-09 01:46:40.123"
        );
        assert_eq!(format_time(f64::NAN, "YYYY"), "Invalid date");
    }
}
