//! The core schemas carry the characteristics RFC 7643 §4 and §8.7.1 give them.

use scim::schema::{AttrType, Mutability, Returned, Uniqueness, core, urn};

#[test]
fn id_is_read_only_always_returned_case_exact_and_server_unique() {
    let id = core::user()
        .find(None, "ID")
        .expect("id is a common attribute");
    assert_eq!(id.mutability, Mutability::ReadOnly);
    assert_eq!(id.returned, Returned::Always);
    assert!(id.case_exact);
    assert_eq!(id.uniqueness, Uniqueness::Server);
    assert!(core::group().find(Some(urn::GROUP), "id").is_some());
}

#[test]
fn common_attributes_are_not_found_under_an_extension_urn() {
    assert!(
        core::user()
            .find(Some(urn::ENTERPRISE_USER), "id")
            .is_none()
    );
}

#[test]
fn user_name_is_required_server_unique_and_case_insensitive() {
    let user_name = core::user_schema().attribute("username").expect("userName");
    assert!(user_name.required);
    assert!(!user_name.case_exact);
    assert_eq!(user_name.uniqueness, Uniqueness::Server);
}

#[test]
fn password_is_write_only_and_never_returned() {
    let password = core::user_schema().attribute("password").expect("password");
    assert_eq!(password.mutability, Mutability::WriteOnly);
    assert_eq!(password.returned, Returned::Never);
}

#[test]
fn user_groups_and_all_their_sub_attributes_are_read_only() {
    let groups = core::user_schema().attribute("groups").expect("groups");
    assert!(groups.multi_valued);
    assert_eq!(groups.mutability, Mutability::ReadOnly);
    assert!(groups.sub_attributes.iter().all(|s| s.is_read_only()));
    let reference = groups.sub_attribute("$ref").expect("$ref");
    assert_eq!(reference.reference_types, ["User", "Group"]);
}

#[test]
fn group_members_have_immutable_value_ref_type_and_display() {
    let members = core::group_schema().attribute("members").expect("members");
    assert!(members.multi_valued);
    for name in ["value", "$ref", "type", "display"] {
        let sub = members.sub_attribute(name).expect(name);
        assert_eq!(sub.mutability, Mutability::Immutable, "{name}");
    }
    let kind = members.sub_attribute("type").expect("type");
    assert_eq!(kind.canonical_values, ["User", "Group"]);
}

#[test]
fn group_display_name_is_required_per_erratum_5368() {
    let name = core::group_schema()
        .attribute("displayName")
        .expect("displayName");
    assert!(name.required);
}

#[test]
fn binary_certificate_values_are_case_exact() {
    let certs = core::user_schema()
        .attribute("x509Certificates")
        .expect("x509");
    let value = certs.sub_attribute("value").expect("value");
    assert_eq!(value.attr_type, AttrType::Binary);
    assert!(value.case_exact);
}

#[test]
fn email_types_are_canonical() {
    let emails = core::user_schema().attribute("emails").expect("emails");
    let kind = emails.sub_attribute("type").expect("type");
    assert_eq!(kind.canonical_values, ["work", "home", "other"]);
    let primary = emails.sub_attribute("primary").expect("primary");
    assert_eq!(primary.attr_type, AttrType::Boolean);
}

#[test]
fn enterprise_manager_resolves_through_the_user_resource_schema() {
    let manager = core::user()
        .find(Some(urn::ENTERPRISE_USER), "manager")
        .expect("manager");
    assert_eq!(manager.attr_type, AttrType::Complex);
    assert!(manager.sub_attribute("value").expect("value").case_exact);
    let display = manager.sub_attribute("displayName").expect("displayName");
    assert_eq!(display.mutability, Mutability::ReadOnly);
    assert_eq!(
        manager.sub_attribute("$ref").expect("$ref").reference_types,
        ["User"]
    );
}

#[test]
fn meta_sub_attributes_are_read_only_date_times_where_the_rfc_says() {
    let meta = core::user().find(None, "meta").expect("meta");
    let created = meta.sub_attribute("created").expect("created");
    assert_eq!(created.attr_type, AttrType::DateTime);
    assert_eq!(created.mutability, Mutability::ReadOnly);
}

#[test]
fn user_resource_lists_core_then_extension_urns() {
    let urns: Vec<&str> = core::user().urns().collect();
    assert_eq!(urns, [urn::USER, urn::ENTERPRISE_USER]);
}

mod discovery {
    use scim::schema::{ResourceType, SchemaResource, ServiceProviderConfig, core, urn};
    use serde_json::json;

    #[test]
    fn a_sparse_service_provider_config_reads_with_defaults_and_ignores_unknowns() {
        let config: ServiceProviderConfig = serde_json::from_value(json!({
            "schemas": [urn::SERVICE_PROVIDER_CONFIG],
            "patch": {"supported": true},
            "filter": {"supported": true, "maxResults": 200},
            "vendorThing": {"x": 1},
            "authenticationSchemes": [{"type": "oauthbearertoken", "name": "Bearer"}]
        }))
        .unwrap();
        assert!(config.patch.supported);
        assert_eq!(config.filter.max_results, 200);
        assert!(!config.bulk.supported);
        assert_eq!(
            config.authentication_schemes[0].scheme_type,
            "oauthbearertoken"
        );
    }

    #[test]
    fn a_service_provider_config_writes_every_rfc_member() {
        let value = serde_json::to_value(ServiceProviderConfig::default()).unwrap();
        for member in ["patch", "bulk", "filter", "changePassword", "sort", "etag"] {
            assert!(value[member]["supported"].is_boolean(), "{member}");
        }
        assert!(value["bulk"]["maxOperations"].is_u64());
        assert!(value["bulk"]["maxPayloadSize"].is_u64());
        assert!(value["filter"]["maxResults"].is_u64());
        assert_eq!(value["schemas"], json!([urn::SERVICE_PROVIDER_CONFIG]));
    }

    #[test]
    fn the_user_resource_type_names_the_enterprise_extension() {
        let value = serde_json::to_value(ResourceType::user()).unwrap();
        assert_eq!(value["endpoint"], "/Users");
        assert_eq!(value["schema"], urn::USER);
        assert_eq!(
            value["schemaExtensions"],
            json!([{"schema": urn::ENTERPRISE_USER, "required": false}])
        );
        let back: ResourceType = serde_json::from_value(value).unwrap();
        assert_eq!(back, ResourceType::user());
    }

    #[test]
    fn a_schema_resource_puts_schema_members_at_the_top_and_round_trips() {
        let resource = SchemaResource::new(core::group_schema(), Some("https://x.test/scim/v2"));
        let value = serde_json::to_value(&resource).unwrap();
        assert_eq!(value["id"], urn::GROUP);
        assert_eq!(value["schemas"], json!([urn::SCHEMA]));
        assert_eq!(
            value["meta"]["location"],
            format!("https://x.test/scim/v2/Schemas/{}", urn::GROUP)
        );
        assert_eq!(value["attributes"][0]["name"], "displayName");
        assert_eq!(value["attributes"][0]["mutability"], "readWrite");
        let back: SchemaResource = serde_json::from_value(value).unwrap();
        assert_eq!(back, resource);
    }

    #[test]
    fn attribute_definitions_missing_characteristics_take_rfc_defaults() {
        let resource: SchemaResource = serde_json::from_value(json!({
            "id": "urn:example:Custom",
            "attributes": [{"name": "badge", "type": "string"}]
        }))
        .unwrap();
        let badge = &resource.schema.attributes[0];
        assert!(!badge.multi_valued && !badge.required && !badge.case_exact);
        assert_eq!(badge.mutability, scim::schema::Mutability::ReadWrite);
    }
}
