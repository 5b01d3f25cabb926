//! The standard schemas of RFC 7643: core User (§4.1), Group (§4.2), the enterprise User
//! extension (§4.3), and the common attributes every resource carries (§3.1).
//!
//! The characteristics follow the schema representation of RFC 7643 §8.7.1 with its verified
//! errata. Where that representation and the prose of §2–§4 disagree, the prose wins:
//!
//! - `addresses` gets a `primary` sub-attribute (§4.1.2 defines it; §8.7.1 omits it).
//! - Group `displayName` is required (§4.2 says REQUIRED; erratum 5368 fixes §8.7.1).
//! - Enterprise `manager.value` is case-exact: it holds an `id` (erratum 8472).
//! - `binary` values are case-exact (§2.3.6, erratum 6000), so `x509Certificates.value` is.
//! - Group `members` gets a `display` sub-attribute (§4.2 shows it; clients such as Okta send it).
//!
//! **Common attributes** (`id`, `externalId`, `meta`) are *not* listed in each schema's
//! `attributes`, just as `/Schemas` documents do not list them (RFC 7643 §3.1 gives them their own
//! characteristics). [`common_attributes`] holds them, and [`ResourceSchema::find`] consults them
//! for names not qualified by an extension URN, so lookups see one flat resource.

use std::sync::LazyLock;

use super::{AttrType, Attribute, Mutability, ResourceSchema, Returned, Schema, Uniqueness, urn};

use AttrType::String as Str;
use AttrType::{Binary, Boolean, Complex, DateTime, Reference};

/// `id`, `externalId` and `meta`: present on every resource, outside any schema (RFC 7643 §3.1).
pub fn common_attributes() -> &'static [Attribute] {
    static COMMON: LazyLock<Vec<Attribute>> = LazyLock::new(|| {
        let meta_sub =
            |name: &str, t: AttrType| Attribute::new(name, t).mutability(Mutability::ReadOnly);
        vec![
            Attribute::new("id", Str)
                .describe("Identifier the service provider assigns; unique and stable.")
                .case_exact()
                .mutability(Mutability::ReadOnly)
                .returned(Returned::Always)
                .uniqueness(Uniqueness::Server),
            Attribute::new("externalId", Str)
                .describe("Identifier the provisioning client assigns.")
                .case_exact(),
            Attribute::new("meta", Complex)
                .describe("Resource metadata maintained by the service provider.")
                .mutability(Mutability::ReadOnly)
                .subs(vec![
                    meta_sub("resourceType", Str).case_exact(),
                    meta_sub("created", DateTime),
                    meta_sub("lastModified", DateTime),
                    meta_sub("location", Reference)
                        .case_exact()
                        .references(&["uri"]),
                    meta_sub("version", Str).case_exact(),
                ]),
        ]
    });
    &COMMON
}

/// A multi-valued complex attribute of the usual `value` / `display` / `type` / `primary` shape
/// (RFC 7643 §2.4), with `type`'s canonical values.
fn typed_values(name: &str, value: Attribute, types: &[&str]) -> Attribute {
    Attribute::new(name, Complex).multi().subs(vec![
        value,
        Attribute::new("display", Str),
        Attribute::new("type", Str).canonical(types),
        Attribute::new("primary", Boolean),
    ])
}

/// A plain string attribute with default characteristics.
fn text(name: &str) -> Attribute {
    Attribute::new(name, Str)
}

/// The core User schema, `urn:ietf:params:scim:schemas:core:2.0:User` (RFC 7643 §4.1).
pub fn user_schema() -> &'static Schema {
    static USER: LazyLock<Schema> = LazyLock::new(|| Schema {
        id: urn::USER.to_owned(),
        name: "User".to_owned(),
        description: "User Account".to_owned(),
        attributes: vec![
            text("userName")
                .describe("The login name; unique within the service provider.")
                .required()
                .uniqueness(Uniqueness::Server),
            Attribute::new("name", Complex)
                .describe("The parts of the user's name.")
                .subs(vec![
                    text("formatted"),
                    text("familyName"),
                    text("givenName"),
                    text("middleName"),
                    text("honorificPrefix"),
                    text("honorificSuffix"),
                ]),
            text("displayName").describe("The name to show for the user."),
            text("nickName").describe("An informal name the user goes by."),
            Attribute::new("profileUrl", Reference)
                .describe("A URL of the user's online profile.")
                .references(&["external"]),
            text("title").describe("The user's job title."),
            text("userType")
                .describe("How the organisation classes the user (employee, contractor…)."),
            text("preferredLanguage")
                .describe("The language the user prefers, as an HTTP Accept-Language value."),
            text("locale")
                .describe("The user's locale, for formatting dates, numbers and currency."),
            text("timezone").describe("The user's time zone, as an IANA name."),
            Attribute::new("active", Boolean).describe("Whether the user may sign in."),
            text("password")
                .describe("Clear-text password; accepted on write, never returned.")
                .mutability(Mutability::WriteOnly)
                .returned(Returned::Never),
            typed_values("emails", text("value"), &["work", "home", "other"])
                .describe("The user's email addresses."),
            typed_values(
                "phoneNumbers",
                text("value"),
                &["work", "home", "mobile", "fax", "pager", "other"],
            )
            .describe("The user's telephone numbers."),
            typed_values(
                "ims",
                text("value"),
                &["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"],
            )
            .describe("The user's instant messaging addresses."),
            typed_values(
                "photos",
                Attribute::new("value", Reference).references(&["external"]),
                &["photo", "thumbnail"],
            )
            .describe("URLs of pictures of the user."),
            Attribute::new("addresses", Complex)
                .describe("The user's postal addresses.")
                .multi()
                .subs(vec![
                    text("formatted"),
                    text("streetAddress"),
                    text("locality"),
                    text("region"),
                    text("postalCode"),
                    text("country"),
                    text("type").canonical(&["work", "home", "other"]),
                    Attribute::new("primary", Boolean),
                ]),
            Attribute::new("groups", Complex)
                .describe("Groups the user belongs to; maintained through the Group resources.")
                .multi()
                .mutability(Mutability::ReadOnly)
                .subs(
                    vec![
                        text("value"),
                        Attribute::new("$ref", Reference).references(&["User", "Group"]),
                        text("display"),
                        text("type").canonical(&["direct", "indirect"]),
                    ]
                    .into_iter()
                    .map(|a| a.mutability(Mutability::ReadOnly))
                    .collect(),
                ),
            typed_values("entitlements", text("value"), &[])
                .describe("Things the user is entitled to."),
            typed_values("roles", text("value"), &[]).describe("The user's roles."),
            typed_values(
                "x509Certificates",
                Attribute::new("value", Binary).case_exact(),
                &[],
            )
            .describe("The user's X.509 certificates, DER-encoded in base64."),
        ],
    });
    &USER
}

/// The core Group schema, `urn:ietf:params:scim:schemas:core:2.0:Group` (RFC 7643 §4.2).
pub fn group_schema() -> &'static Schema {
    static GROUP: LazyLock<Schema> = LazyLock::new(|| Schema {
        id: urn::GROUP.to_owned(),
        name: "Group".to_owned(),
        description: "Group".to_owned(),
        attributes: vec![
            text("displayName")
                .describe("Human-readable group name.")
                .required(),
            Attribute::new("members", Complex)
                .describe("Users and groups in this group; members are added or removed whole.")
                .multi()
                .subs(
                    vec![
                        text("value"),
                        Attribute::new("$ref", Reference).references(&["User", "Group"]),
                        text("type").canonical(&["User", "Group"]),
                        text("display"),
                    ]
                    .into_iter()
                    .map(|a| a.mutability(Mutability::Immutable))
                    .collect(),
                ),
        ],
    });
    &GROUP
}

/// The enterprise User extension,
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` (RFC 7643 §4.3).
pub fn enterprise_user_schema() -> &'static Schema {
    static ENTERPRISE: LazyLock<Schema> = LazyLock::new(|| Schema {
        id: urn::ENTERPRISE_USER.to_owned(),
        name: "EnterpriseUser".to_owned(),
        description: "Enterprise User".to_owned(),
        attributes: vec![
            text("employeeNumber").describe("The number the organisation gives the user."),
            text("costCenter").describe("The cost center the user is charged to."),
            text("organization").describe("The organisation the user belongs to."),
            text("division").describe("The division the user belongs to."),
            text("department").describe("The department the user belongs to."),
            Attribute::new("manager", Complex)
                .describe("The user's manager, by id.")
                .subs(vec![
                    text("value").case_exact(),
                    Attribute::new("$ref", Reference).references(&["User"]),
                    text("displayName").mutability(Mutability::ReadOnly),
                ]),
        ],
    });
    &ENTERPRISE
}

/// The User resource type: core User plus the enterprise extension.
pub fn user() -> &'static ResourceSchema {
    static USER: LazyLock<ResourceSchema> = LazyLock::new(|| ResourceSchema {
        core: user_schema().clone(),
        extensions: vec![enterprise_user_schema().clone()],
    });
    &USER
}

/// The Group resource type: core Group, no extensions.
pub fn group() -> &'static ResourceSchema {
    static GROUP: LazyLock<ResourceSchema> = LazyLock::new(|| ResourceSchema {
        core: group_schema().clone(),
        extensions: Vec::new(),
    });
    &GROUP
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_complex_attribute_has_sub_attributes_and_no_other_does() {
        let all = user_schema()
            .attributes
            .iter()
            .chain(&group_schema().attributes)
            .chain(&enterprise_user_schema().attributes)
            .chain(common_attributes());
        for a in all {
            assert_eq!(
                a.attr_type == Complex,
                !a.sub_attributes.is_empty(),
                "{}",
                a.name
            );
        }
    }
}
