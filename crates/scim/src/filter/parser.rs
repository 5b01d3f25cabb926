//! The recursive-descent parser for the filter grammar of RFC 7644 §3.4.2.2.
//!
//! Precedence, loosest first: `or`, `and`, then a unary term (`not (…)`, `(…)`, or an attribute
//! expression). `and` and `or` associate to the left, so `a or b or c` is `(a or b) or c`.
//! Keywords and operators are case-insensitive; whitespace between tokens may be any run of
//! ASCII whitespace (the RFC asks for one space; being lenient here costs nothing).
//!
//! Recursion is bounded: parentheses, `not` and value paths may nest at most
//! [`MAX_NESTING`] deep and a filter may hold at most [`MAX_TERMS`] attribute expressions, so no
//! input can overflow the stack of the parser, the printer, the evaluator or the AST's `Drop`.

use super::ast::{AttrPath, CompareOp, Filter};
use super::error::FilterError;
use super::literal;

/// How deep parentheses, `not ( … )` and `attr[ … ]` may nest.
pub const MAX_NESTING: usize = 64;

/// How many attribute expressions (`a eq 1`, `b pr`) one filter may contain.
pub const MAX_TERMS: usize = 1000;

/// Parses a whole filter; anything left over after it is an error. `in_value_path` parses the
/// inside of `attr[…]`, where another value path may not appear.
pub(crate) fn parse(input: &str, in_value_path: bool) -> Result<Filter, FilterError> {
    let mut parser = Parser::new(input);
    let filter = parser.or_expr(in_value_path)?;
    parser.skip_ws();
    if parser.pos < input.len() {
        let message = match parser.peek() {
            Some(b')') => "unmatched ')': no '(' is open here".to_string(),
            Some(b']') => "unmatched ']': no '[' is open here".to_string(),
            _ => format!(
                "unexpected '{}'; expected 'and', 'or' or the end of the filter",
                parser.found()
            ),
        };
        return Err(parser.error(parser.pos, message));
    }
    Ok(filter)
}

/// Parses an attribute path that must span the whole input.
pub(crate) fn parse_attr_path(input: &str) -> Result<AttrPath, FilterError> {
    let mut parser = Parser::new(input);
    let start = parser.pos;
    let word = parser.word();
    if word.is_empty() {
        return Err(parser.error(
            start,
            format!(
                "expected an attribute name, found {}",
                parser.found_quoted()
            ),
        ));
    }
    let path = parser.attr_path(word, start)?;
    if parser.pos < input.len() {
        return Err(parser.error(
            parser.pos,
            format!(
                "unexpected '{}' after attribute path '{path}'",
                parser.found()
            ),
        ));
    }
    Ok(path)
}

/// Characters that may appear in an attribute path token: URN characters, names, `.` and `$`.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b':' | b'.' | b'_' | b'-' | b'$')
}

struct Parser<'a> {
    input: &'a str,
    pos: usize,
    nesting: usize,
    terms: usize,
}

impl<'a> Parser<'a> {
    fn new(input: &'a str) -> Self {
        Parser {
            input,
            pos: 0,
            nesting: 0,
            terms: 0,
        }
    }

    /// A syntax error at byte offset `at`, reported as a character offset.
    fn error(&self, at: usize, message: String) -> FilterError {
        let position = self.char_offset(at);
        FilterError::syntax(position, format!("{message} at position {position}"))
    }

    /// The character offset of byte offset `at` (positions in messages count characters).
    fn char_offset(&self, at: usize) -> usize {
        self.input.get(..at).map_or(at, |s| s.chars().count())
    }

    fn peek(&self) -> Option<u8> {
        self.input.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// The text at the cursor up to the next whitespace (at most 20 characters), for messages.
    fn found(&self) -> String {
        let rest = self.input.get(self.pos..).unwrap_or("");
        let token = rest.split(|c: char| c.is_ascii_whitespace()).next();
        let token = token.unwrap_or("");
        let mut shown: String = token.chars().take(20).collect();
        if shown.len() < token.len() {
            shown.push('…');
        }
        shown
    }

    /// `'token'`, or "the end of the filter" when nothing is left.
    fn found_quoted(&self) -> String {
        if self.pos >= self.input.len() {
            "the end of the filter".to_string()
        } else {
            format!("'{}'", self.found())
        }
    }

    /// Reads a run of path characters (possibly empty).
    fn word(&mut self) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(is_word_byte) {
            self.pos += 1;
        }
        // Path characters are ASCII, so both ends are char boundaries.
        self.input.get(start..self.pos).unwrap_or("")
    }

    /// Consumes `keyword` (case-insensitive) if it is the next whole word.
    fn keyword(&mut self, keyword: &str) -> bool {
        let end = self.pos + keyword.len();
        let matches = self
            .input
            .as_bytes()
            .get(self.pos..end)
            .is_some_and(|b| b.eq_ignore_ascii_case(keyword.as_bytes()))
            && !self
                .input
                .as_bytes()
                .get(end)
                .is_some_and(|&b| is_word_byte(b));
        if matches {
            self.pos = end;
        }
        matches
    }

    /// `and_expr ("or" and_expr)*`
    fn or_expr(&mut self, in_value_path: bool) -> Result<Filter, FilterError> {
        self.chain("or", in_value_path, Self::and_expr, Filter::Or)
    }

    /// `unary ("and" unary)*`
    fn and_expr(&mut self, in_value_path: bool) -> Result<Filter, FilterError> {
        self.chain("and", in_value_path, Self::unary, Filter::And)
    }

    /// `operand (keyword operand)*`, folded to the left.
    fn chain(
        &mut self,
        keyword: &str,
        in_value_path: bool,
        operand: fn(&mut Self, bool) -> Result<Filter, FilterError>,
        combine: fn(Box<Filter>, Box<Filter>) -> Filter,
    ) -> Result<Filter, FilterError> {
        let mut left = operand(self, in_value_path)?;
        loop {
            let save = self.pos;
            self.skip_ws();
            if !self.keyword(keyword) {
                self.pos = save;
                return Ok(left);
            }
            let right = operand(self, in_value_path)?;
            left = combine(Box::new(left), Box::new(right));
        }
    }

    /// `open filter close` with the cursor on `open`: a parenthesised group or a value filter.
    fn enclosed(&mut self, close: u8, in_value_path: bool) -> Result<Filter, FilterError> {
        let opened_at = self.pos;
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(self.error(
                opened_at,
                format!(
                    "the filter nests deeper than {MAX_NESTING} levels of parentheses, 'not' and '[…]'"
                ),
            ));
        }
        self.pos += 1;
        let inner = self.or_expr(in_value_path)?;
        self.skip_ws();
        if self.peek() == Some(close) {
            self.pos += 1;
            self.nesting -= 1;
            return Ok(inner);
        }
        let (open, close) = if close == b')' {
            ('(', ')')
        } else {
            ('[', ']')
        };
        Err(self.error(
            self.pos,
            format!(
                "expected 'and', 'or' or '{close}' to close the '{open}' opened at position {}, found {}",
                self.char_offset(opened_at),
                self.found_quoted()
            ),
        ))
    }

    /// `"not" "(" filter ")"` / `"(" filter ")"` / attribute expression / value path.
    fn unary(&mut self, in_value_path: bool) -> Result<Filter, FilterError> {
        self.skip_ws();
        if self.peek() == Some(b'(') {
            return self.enclosed(b')', in_value_path);
        }
        let start = self.pos;
        let word = self.word();
        if word.is_empty() {
            return Err(self.error(
                start,
                format!(
                    "expected an attribute name, '(' or 'not (', found {}",
                    self.found_quoted()
                ),
            ));
        }
        if word.eq_ignore_ascii_case("not") {
            let after_word = self.pos;
            self.skip_ws();
            if self.peek() == Some(b'(') {
                let inner = self.enclosed(b')', in_value_path)?;
                return Ok(Filter::Not(Box::new(inner)));
            }
            self.pos = after_word;
        }
        let path = self.attr_path(word, start)?;
        self.terms += 1;
        if self.terms > MAX_TERMS {
            return Err(self.error(
                start,
                format!("the filter has more than {MAX_TERMS} attribute expressions"),
            ));
        }
        if self.peek() == Some(b'[') {
            if in_value_path {
                return Err(self.error(
                    self.pos,
                    format!("value paths cannot be nested: '{path}[' inside another '[…]'"),
                ));
            }
            let inner = self.enclosed(b']', true)?;
            return Ok(Filter::ValuePath {
                path,
                filter: Box::new(inner),
            });
        }
        self.skip_ws();
        let op_start = self.pos;
        let op_word = self.word();
        let op = match op_word.to_ascii_lowercase().as_str() {
            "pr" => return Ok(Filter::Present(path)),
            "eq" => CompareOp::Eq,
            "ne" => CompareOp::Ne,
            "co" => CompareOp::Co,
            "sw" => CompareOp::Sw,
            "ew" => CompareOp::Ew,
            "gt" => CompareOp::Gt,
            "ge" => CompareOp::Ge,
            "lt" => CompareOp::Lt,
            "le" => CompareOp::Le,
            _ if word.eq_ignore_ascii_case("not") => {
                return Err(self.error(
                    op_start,
                    format!(
                        "'not' needs parentheses: write 'not (…)', found {}",
                        self.found_quoted()
                    ),
                ));
            }
            "" => {
                return Err(self.error(
                    op_start,
                    format!(
                        "expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after '{path}', found {}",
                        self.found_quoted()
                    ),
                ));
            }
            _ => {
                return Err(self.error(
                    op_start,
                    format!(
                        "unknown operator '{op_word}' after '{path}'; expected eq, ne, co, sw, ew, gt, ge, lt, le or pr"
                    ),
                ));
            }
        };
        self.skip_ws();
        let value = self.comp_value(op, &path)?;
        Ok(Filter::Compare { path, op, value })
    }

    /// `false / null / true / number / string`
    fn comp_value(
        &mut self,
        op: CompareOp,
        path: &AttrPath,
    ) -> Result<serde_json::Value, FilterError> {
        let start = self.pos;
        let rest = self.input.get(start..).unwrap_or("");
        let literal = match self.peek() {
            Some(b'"') => literal::string(rest),
            Some(b'-' | b'0'..=b'9') => literal::number(rest),
            Some(b) if b.is_ascii_alphabetic() => {
                let word = self.word();
                self.pos = start;
                literal::keyword(word).ok_or(literal::LiteralError {
                    offset: 0,
                    message: format!(
                        "expected a value after '{path} {op}', found '{word}'; strings need double quotes (\"{word}\") and true, false, null are the only bare words"
                    ),
                })
            }
            _ => Err(literal::LiteralError {
                offset: 0,
                message: format!(
                    "expected a value (\"string\", number, true, false or null) after '{path} {op}', found {}",
                    self.found_quoted()
                ),
            }),
        };
        match literal {
            Ok((value, len)) => {
                self.pos += len;
                if self.peek().is_some_and(is_word_byte) {
                    return Err(self.error(
                        self.pos,
                        format!(
                            "expected whitespace after the value of '{path} {op}', found '{}'",
                            self.found()
                        ),
                    ));
                }
                Ok(value)
            }
            Err(e) => Err(self.error(start + e.offset, e.message)),
        }
    }

    /// Splits a path token into `[schema ":"] name ["." sub]` and checks each part.
    fn attr_path(&self, word: &str, start: usize) -> Result<AttrPath, FilterError> {
        let (schema, rest, rest_at) = match word.rfind(':') {
            Some(colon) => (
                word.get(..colon),
                word.get(colon + 1..).unwrap_or(""),
                colon + 1,
            ),
            None => (None, word, 0),
        };
        if let Some(schema) = schema
            && !schema
                .as_bytes()
                .first()
                .is_some_and(u8::is_ascii_alphabetic)
        {
            return Err(self.error(
                start,
                format!("'{word}' is not an attribute path: a schema URN must start with a letter"),
            ));
        }
        let (name, sub) = match rest.find('.') {
            Some(dot) => (rest.get(..dot).unwrap_or(""), rest.get(dot + 1..)),
            None => (rest, None),
        };
        self.check_name(name, word, start + rest_at)?;
        if let Some(sub) = sub {
            let sub_at = start + rest_at + name.len() + 1;
            if let Some(dot) = sub.find('.') {
                return Err(self.error(
                    sub_at + dot,
                    format!("'{word}' has more than one sub-attribute level; SCIM paths allow only attribute.subAttribute"),
                ));
            }
            self.check_name(sub, word, sub_at)?;
        }
        Ok(AttrPath {
            schema: schema.map(str::to_string),
            name: name.to_string(),
            sub: sub.map(str::to_string),
        })
    }

    /// `ATTRNAME = ALPHA *(ALPHA / DIGIT / "-" / "_")`, plus `$ref` (RFC 7643 §2.1, §7).
    fn check_name(&self, name: &str, word: &str, at: usize) -> Result<(), FilterError> {
        if name.is_empty() {
            return Err(self.error(at, format!("'{word}' is missing an attribute name")));
        }
        if !is_attr_name(name) {
            return Err(self.error(
                at,
                format!("'{name}' in '{word}' is not an attribute name: names start with a letter and hold only letters, digits, '-' and '_' (or are '$ref')"),
            ));
        }
        Ok(())
    }
}

/// Whether `name` is a valid SCIM attribute name (`ATTRNAME` or `$ref`).
pub(crate) fn is_attr_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    name.eq_ignore_ascii_case("$ref")
        || (bytes.first().is_some_and(u8::is_ascii_alphabetic)
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')))
}
