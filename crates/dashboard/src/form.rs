//! Submitted forms: `application/x-www-form-urlencoded` bodies read as name/value pairs, so
//! repeated fields (category checkboxes) keep every value.

use url::form_urlencoded;

/// A decoded form body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form(Vec<(String, String)>);

impl Form {
    /// Decodes a urlencoded body.
    pub fn parse(body: &[u8]) -> Form {
        Form(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `name`, or "" when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Form;

    #[test]
    fn keeps_repeated_fields_and_decodes() {
        let form = Form::parse(b"category=users&category=groups&name=A+b%26c");
        assert_eq!(form.all("category"), ["users", "groups"]);
        assert_eq!(form.get("name"), "A b&c");
        assert_eq!(form.get("missing"), "");
    }
}
