//! Turning what a script threw into the one-line reason a step fails with.

use rquickjs::{Ctx, Error, Value};

/// How a thrown `null` is described; the sandbox tells QuickJS's own out-of-memory `null` apart.
pub(super) const NULL_THROWN: &str = "uncaught exception: null";

/// The file name scripts are evaluated under, so their frames can be told from the prelude's.
pub(super) const SCRIPT_FILE: &str = "script";

/// Describes an engine error; for a JavaScript exception, takes it from the context and describes
/// it with the script line it came from when the engine reports one.
pub(super) fn describe(ctx: &Ctx<'_>, error: Error) -> String {
    match error {
        Error::Exception => describe_thrown(ctx, ctx.catch()),
        other => other.to_string(),
    }
}

/// `AssertionError`s read as their message ("msg: expected 2 to equal 3"); other errors as
/// "TypeError: …"; thrown non-errors as "uncaught exception: …", stringified.
fn describe_thrown<'js>(ctx: &Ctx<'js>, thrown: Value<'js>) -> String {
    if let Some(exception) = thrown.as_exception() {
        let message = exception.message().unwrap_or_default();
        let name: Option<String> = exception.get("name").ok();
        let mut text = match name.as_deref() {
            Some("AssertionError") | None | Some("") => message,
            Some(name) if message.is_empty() => name.to_owned(),
            Some(name) => format!("{name}: {message}"),
        };
        if let Some(line) = exception.stack().as_deref().and_then(script_line) {
            text.push_str(&format!(" (line {line})"));
        }
        return text;
    }
    let shown = match thrown.as_string() {
        Some(text) => text.to_string().ok(),
        None => ctx
            .json_stringify(thrown.clone())
            .ok()
            .flatten()
            .and_then(|json| json.to_string().ok()),
    };
    format!(
        "uncaught exception: {}",
        shown.unwrap_or_else(|| format!("a {} value", thrown.type_name()))
    )
}

/// The line of the innermost script frame in a QuickJS stack trace, e.g. `at f (script:3:9)`.
fn script_line(stack: &str) -> Option<u32> {
    let marker = format!("{SCRIPT_FILE}:");
    stack.lines().find_map(|frame| {
        let at = frame.find(&marker)?;
        let before = frame[..at].chars().next_back();
        if !matches!(before, Some('(' | ' ')) {
            return None;
        }
        let digits: String = frame[at + marker.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_innermost_script_frame_gives_the_line() {
        let stack = "    at fail (prelude:120:11)\n    at <eval> (script:3:7)\n";
        assert_eq!(script_line(stack), Some(3));
        assert_eq!(script_line("    at script:12:4\n"), Some(12));
    }

    #[test]
    fn frames_of_other_files_give_no_line() {
        assert_eq!(script_line("    at fail (prelude:120:11)\n"), None);
        assert_eq!(script_line("    at x (myscript:4:1)\n"), None);
    }
}
