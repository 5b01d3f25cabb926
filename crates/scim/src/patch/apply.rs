//! Applying PATCH operations to a resource (RFC 7644 §3.5.2.1–3).
//!
//! Every operation computes the new value of one top-level attribute from its old value, then
//! [`Patcher::commit`] checks mutability and `required` on the pair and stores the result. The
//! whole request works on a copy of the resource, so a failing operation leaves the caller's
//! resource as it was: all operations or none.

use serde_json::{Map, Value};

use crate::error::ScimType;
use crate::filter::{AttrPath, Filter};
use crate::leniency::Leniency;
use crate::message::{PatchOpKind, PatchOperation};
use crate::schema::{AttrType, Attribute, Mutability, ResourceSchema, Schema};
use crate::validate::{is_unassigned, kind_of};

use super::error::PatchError;
use super::multi;
use super::path::PatchPath;
use super::value::{Coercer, member, set_member};

/// Applies `operations` in order to a copy of `resource` and returns the patched copy.
///
/// Atomic: the first failing operation fails the request with a [`PatchError`] naming its index
/// and path, and `resource` is never modified. Values are checked against `schema`'s types
/// through `leniency`. The resource's `schemas` gains or loses an extension URN when the patch
/// creates or empties that extension's object.
pub fn apply(
    resource: &Value,
    operations: &[PatchOperation],
    schema: &ResourceSchema,
    leniency: &Leniency,
) -> Result<Value, PatchError> {
    let Value::Object(original) = resource else {
        return Err(PatchError::new(
            ScimType::InvalidSyntax,
            format!(
                "the resource to patch must be a JSON object, not {}",
                kind_of(resource)
            ),
        ));
    };
    let mut patcher = Patcher {
        root: original.clone(),
        schema,
        leniency,
        coercer: Coercer::new(leniency),
    };
    for (index, operation) in operations.iter().enumerate() {
        patcher
            .operation(operation)
            .map_err(|e| e.in_operation(index, operation.op.as_str(), operation.path.as_deref()))?;
    }
    patcher.sync_schemas(original);
    Ok(Value::Object(patcher.root))
}

/// What an operation's path resolved to in the schema.
struct Target<'s> {
    /// The extension URN whose object holds the attribute; `None` for the top level.
    extension: Option<&'s str>,
    /// The top-level attribute.
    attr: &'s Attribute,
    /// The sub-attribute the path ends in.
    sub: Option<&'s Attribute>,
}

impl Target<'_> {
    fn label(&self) -> &str {
        &self.attr.name
    }

    fn sub_label(&self, sub: &Attribute) -> String {
        format!("{}.{}", self.attr.name, sub.name)
    }
}

/// The resource being patched and what the patch consults.
struct Patcher<'s> {
    root: Map<String, Value>,
    schema: &'s ResourceSchema,
    leniency: &'s Leniency,
    coercer: Coercer<'s>,
}

impl<'s> Patcher<'s> {
    fn operation(&mut self, operation: &PatchOperation) -> Result<(), PatchError> {
        let kind = operation.op;
        let Some(text) = &operation.path else {
            if kind == PatchOpKind::Remove {
                return Err(PatchError::new(
                    ScimType::NoTarget,
                    "a remove needs a \"path\" naming what to remove (RFC 7644 §3.5.2.2)",
                ));
            }
            return self.pathless(kind, required_value(operation)?);
        };
        if let Some(extension) = self
            .schema
            .extensions
            .iter()
            .find(|e| e.id.eq_ignore_ascii_case(text.trim()))
        {
            return self.whole_extension(kind, extension, operation.value.as_ref());
        }
        let path = PatchPath::parse(text)
            .map_err(|e| PatchError::new(ScimType::InvalidPath, e.to_string()))?;
        let target = self.resolve(&path.attr, path.filter.is_some())?;
        let filter = path.filter.as_ref();
        match kind {
            PatchOpKind::Remove => self.remove(&target, filter, operation.value.as_ref()),
            _ => self.write(kind, &target, filter, required_value(operation)?),
        }
    }

    /// A path-less add or replace: each member of the value object is an attribute path (plain,
    /// dotted or URN-qualified) or an extension URN holding an object of that schema's attributes.
    fn pathless(&mut self, kind: PatchOpKind, value: &Value) -> Result<(), PatchError> {
        let Value::Object(object) = value else {
            return Err(PatchError::new(
                ScimType::InvalidValue,
                format!(
                    "without a path, the value is an object of attributes, not {}",
                    kind_of(value)
                ),
            ));
        };
        for (key, item) in object {
            if key.eq_ignore_ascii_case("schemas") {
                self.check_schemas(item)?;
            } else if let Some(schema) = self.schema.schema(key) {
                self.schema_members(kind, schema, key, item)?;
            } else {
                self.write_member(kind, key, item)?;
            }
        }
        Ok(())
    }

    /// Writes the members of `value`, an object of `schema`'s attributes found under `key` (a
    /// schema URN key of a path-less value, or the value of a path naming an extension).
    fn schema_members(
        &mut self,
        kind: PatchOpKind,
        schema: &Schema,
        key: &str,
        value: &Value,
    ) -> Result<(), PatchError> {
        let Value::Object(members) = value else {
            return Err(PatchError::new(
                ScimType::InvalidValue,
                format!(
                    "'{key}' holds that schema's attributes as an object, not {}",
                    kind_of(value)
                ),
            ));
        };
        for (name, item) in members {
            self.write_member(kind, &format!("{}:{name}", schema.id), item)?;
        }
        Ok(())
    }

    /// An operation whose path is a whole extension URN
    /// (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`), which scim2-tester and
    /// some clients send. RFC 7644's `attrPath` grammar always names an attribute, but the
    /// extension's object behaves as one complex attribute: add and replace write the members
    /// the value names and leave the others (RFC 7644 §3.5.2.3 for complex values); remove, and
    /// replace with an unassigned value, clear every attribute of the extension, so the URN
    /// leaves `schemas`.
    fn whole_extension(
        &mut self,
        kind: PatchOpKind,
        extension: &'s Schema,
        value: Option<&Value>,
    ) -> Result<(), PatchError> {
        if kind != PatchOpKind::Remove {
            let value = value.ok_or_else(|| missing_value(kind))?;
            if !(kind == PatchOpKind::Replace && is_unassigned(value)) {
                return self.schema_members(kind, extension, &extension.id, value);
            }
        }
        for attr in &extension.attributes {
            let target = Target {
                extension: Some(extension.id.as_str()),
                attr,
                sub: None,
            };
            self.remove(&target, None, None)?;
        }
        Ok(())
    }

    /// Writes one member of a path-less value. A member naming an attribute the schema does not
    /// define is ignored, as POST and PUT ignore it ([`crate::validate`]): identity providers send
    /// attributes a server never declared.
    fn write_member(
        &mut self,
        kind: PatchOpKind,
        key: &str,
        item: &Value,
    ) -> Result<(), PatchError> {
        let path = value_key(key)?;
        if self.schema.resolve(&path).is_none() {
            return Ok(());
        }
        let target = self.resolve(&path, false)?;
        self.write(kind, &target, None, item)
    }

    /// `schemas` inside a value is accepted when it names only this resource type's schemas; the
    /// resource's own `schemas` follows the extension data (see [`Patcher::sync_schemas`]).
    fn check_schemas(&self, value: &Value) -> Result<(), PatchError> {
        let known = |v: &Value| {
            v.as_str()
                .is_some_and(|urn| self.schema.schema(urn).is_some())
        };
        match value {
            Value::Array(urns) if urns.iter().all(known) => Ok(()),
            _ => Err(PatchError::new(
                ScimType::InvalidValue,
                format!(
                    "\"schemas\" in a value may list only this resource's schemas ({}), got {value}",
                    self.schema.urns().collect::<Vec<_>>().join(", ")
                ),
            )),
        }
    }

    fn resolve(&self, path: &AttrPath, filtered: bool) -> Result<Target<'s>, PatchError> {
        let invalid = |detail: String| PatchError::new(ScimType::InvalidPath, detail);
        let urn = path.schema.as_deref();
        if let Some(urn) = urn
            && self.schema.schema(urn).is_none()
        {
            return Err(invalid(format!(
                "'{urn}' is not a schema of this resource; it has {}",
                self.schema.urns().collect::<Vec<_>>().join(", ")
            )));
        }
        let attr = self.schema.find(urn, &path.name).ok_or_else(|| {
            invalid(format!(
                "no attribute '{}' in {}",
                path.name,
                urn.unwrap_or(&self.schema.core.id)
            ))
        })?;
        let extension = urn.and_then(|urn| {
            self.schema
                .extensions
                .iter()
                .find(|s| s.id.eq_ignore_ascii_case(urn))
                .map(|s| s.id.as_str())
        });
        let sub = match &path.sub {
            None => None,
            Some(name) => Some(attr.sub_attribute(name).ok_or_else(|| {
                invalid(format!("'{}' has no sub-attribute '{name}'", attr.name))
            })?),
        };
        if filtered && !attr.multi_valued {
            return Err(invalid(format!(
                "a value filter selects values of a multi-valued attribute, and '{}' is \
                 single-valued",
                attr.name
            )));
        }
        if let Some(sub) = sub
            && attr.multi_valued
            && !filtered
        {
            return Err(invalid(format!(
                "'{0}' is multi-valued: say which values to change with a value filter, e.g. \
                 {0}[type eq \"work\"].{1}",
                attr.name, sub.name
            )));
        }
        Ok(Target {
            extension,
            attr,
            sub,
        })
    }

    /// The object holding `target`'s attribute: the resource, or its extension object.
    fn container(&self, target: &Target) -> Option<&Map<String, Value>> {
        match target.extension {
            None => Some(&self.root),
            Some(urn) => member(&self.root, urn).and_then(|(_, v)| v.as_object()),
        }
    }

    fn current(&self, target: &Target) -> Option<Value> {
        self.container(target)
            .and_then(|c| member(c, &target.attr.name))
            .map(|(_, v)| v.clone())
    }

    /// add or replace.
    fn write(
        &mut self,
        kind: PatchOpKind,
        target: &Target,
        filter: Option<&Filter>,
        raw: &Value,
    ) -> Result<(), PatchError> {
        let old = self.current(target);
        let new = match (filter, target.sub) {
            (Some(filter), _) => {
                Some(self.write_filtered(kind, target, filter, old.as_ref(), raw)?)
            }
            (None, Some(_)) => {
                let stored = old.clone().unwrap_or(Value::Null);
                Some(self.updated_element(kind, target, &stored, raw)?)
            }
            (None, None) => self.write_whole(kind, target, old.as_ref(), raw)?,
        };
        self.commit(target, old.as_ref(), new)
    }

    /// add or replace of a whole attribute (RFC 7644 §3.5.2.1, §3.5.2.3).
    fn write_whole(
        &self,
        kind: PatchOpKind,
        target: &Target,
        old: Option<&Value>,
        raw: &Value,
    ) -> Result<Option<Value>, PatchError> {
        let attr = target.attr;
        if attr.is_read_only() {
            // Checked before the value is normalized, which would drop its readOnly members and
            // hide the attempted change.
            return if old.filter(|v| !is_unassigned(v)) == Some(raw).filter(|v| !is_unassigned(v)) {
                Ok(old.cloned())
            } else {
                Err(read_only(&attr.name))
            };
        }
        let value = self.coercer.whole(attr, target.label(), raw)?;
        if value.is_null() {
            // Adding nothing changes nothing; replacing with nothing clears.
            return Ok(if kind == PatchOpKind::Add {
                old.cloned()
            } else {
                None
            });
        }
        if let Value::Array(items) = value {
            let (mut items, touched) = match kind {
                PatchOpKind::Add => {
                    let mut stored = match old {
                        Some(Value::Array(stored)) => stored.clone(),
                        _ => Vec::new(),
                    };
                    let touched = multi::append(attr, &mut stored, items);
                    (stored, touched)
                }
                _ => {
                    let all = (0..items.len()).collect();
                    (items, all)
                }
            };
            multi::settle_primary(attr, target.label(), &mut items, &touched)?;
            return Ok(Some(Value::Array(items)));
        }
        // A complex value merges into the stored one: sub-attributes it does not name stay.
        Ok(Some(match (value, old) {
            (Value::Object(patch), Some(Value::Object(stored))) => merge(stored.clone(), patch),
            (value, _) => without_unassigned(value),
        }))
    }

    /// add or replace through a value filter: `emails[type eq "work"]` or
    /// `emails[type eq "work"].value`.
    fn write_filtered(
        &self,
        kind: PatchOpKind,
        target: &Target,
        filter: &Filter,
        old: Option<&Value>,
        raw: &Value,
    ) -> Result<Value, PatchError> {
        let attr = target.attr;
        let mut items = items_of(old);
        let matches = matching(target, filter, &items)?;
        if matches.is_empty() && kind == PatchOpKind::Replace {
            return Err(no_match(
                target,
                filter,
                "nothing to replace (RFC 7644 §3.5.2.3)",
            ));
        }
        if target.sub.is_none() && is_unassigned(raw) {
            // Replacing the selected values with nothing removes them; adding nothing is a no-op.
            return Ok(Value::Array(match kind {
                PatchOpKind::Add => items,
                _ => without(items, &matches),
            }));
        }
        let touched = if matches.is_empty() {
            // An add whose filter selects nothing creates the value the filter describes.
            let described = multi::described_value(filter).ok_or_else(|| {
                no_match(
                    target,
                    filter,
                    "and the filter does not describe a new value to add (only 'eq' comparisons \
                     joined by 'and' do)",
                )
            })?;
            let seed = self
                .coercer
                .single(attr, target.label(), &Value::Object(described))?;
            items.push(self.updated_element(kind, target, &seed, raw)?);
            vec![items.len() - 1]
        } else {
            for &i in &matches {
                if let Some(element) = items.get_mut(i) {
                    let updated = self.updated_element(kind, target, element, raw)?;
                    guard_subs(attr, target.label(), element, &updated)?;
                    *element = updated;
                }
            }
            matches
        };
        multi::settle_primary(attr, target.label(), &mut items, &touched)?;
        Ok(Value::Array(items))
    }

    /// A complex value (one selected element, or a single-valued complex attribute when the path
    /// names its sub-attribute) after an add or replace.
    fn updated_element(
        &self,
        kind: PatchOpKind,
        target: &Target,
        element: &Value,
        raw: &Value,
    ) -> Result<Value, PatchError> {
        if let Some(sub) = target.sub {
            let value = self.coercer.whole(sub, &target.sub_label(sub), raw)?;
            let mut object = object_of(Some(element));
            if !(kind == PatchOpKind::Add && value.is_null()) {
                set_member(&mut object, &sub.name, value);
            }
            return Ok(Value::Object(object));
        }
        let value = self.coercer.single(target.attr, target.label(), raw)?;
        Ok(match (kind, value, element) {
            (PatchOpKind::Add, Value::Object(patch), Value::Object(stored)) => {
                merge(stored.clone(), patch)
            }
            (_, value, _) => without_unassigned(value),
        })
    }

    /// remove (RFC 7644 §3.5.2.2).
    fn remove(
        &mut self,
        target: &Target,
        filter: Option<&Filter>,
        listed: Option<&Value>,
    ) -> Result<(), PatchError> {
        let attr = target.attr;
        let old = self.current(target);
        let new = match (filter, target.sub) {
            (Some(filter), sub) => {
                let mut items = items_of(old.as_ref());
                let matches = matching(target, filter, &items)?;
                if matches.is_empty() {
                    return Err(no_match(target, filter, "nothing to remove"));
                }
                match sub {
                    None => items = without(items, &matches),
                    Some(sub) => {
                        for &i in &matches {
                            if let Some(Value::Object(element)) = items.get_mut(i) {
                                let before = Value::Object(element.clone());
                                set_member(element, &sub.name, Value::Null);
                                guard_subs(
                                    attr,
                                    target.label(),
                                    &before,
                                    &Value::Object(element.clone()),
                                )?;
                            }
                        }
                    }
                }
                Some(Value::Array(items))
            }
            (None, Some(sub)) => old.as_ref().map(|old| {
                let mut object = object_of(Some(old));
                set_member(&mut object, &sub.name, Value::Null);
                Value::Object(object)
            }),
            (None, None) => match listed {
                Some(listed) if attr.multi_valued && self.leniency.remove_with_value => {
                    let listed = self.coercer.whole(attr, target.label(), listed)?;
                    let patterns = items_of(Some(&listed));
                    let mut items = items_of(old.as_ref());
                    items.retain(|e| !patterns.iter().any(|p| multi::matches_pattern(attr, e, p)));
                    Some(Value::Array(items))
                }
                // Removing the attribute; removing an absent one is an idempotent no-op: the
                // state the client asked for ("unassigned", RFC 7643 §2.5) already holds.
                _ => None,
            },
        };
        self.commit(target, old.as_ref(), new)
    }

    /// Checks the change of `target`'s attribute from `old` to `new` and stores `new`.
    fn commit(
        &mut self,
        target: &Target,
        old: Option<&Value>,
        new: Option<Value>,
    ) -> Result<(), PatchError> {
        let new = new.filter(|v| !is_unassigned(v));
        let old = old.filter(|v| !is_unassigned(v));
        if old == new.as_ref() {
            return Ok(());
        }
        guard(target.attr, target.label(), old, new.as_ref())?;
        let name = &target.attr.name;
        let Some(urn) = target.extension else {
            set_member(&mut self.root, name, new.unwrap_or(Value::Null));
            return Ok(());
        };
        let mut extension = match member(&self.root, urn) {
            None => Map::new(),
            Some((_, Value::Object(object))) => object.clone(),
            Some((key, other)) => {
                return Err(PatchError::new(
                    ScimType::InvalidSyntax,
                    format!(
                        "the resource's '{key}' member must be an object, not {}",
                        kind_of(other)
                    ),
                ));
            }
        };
        set_member(&mut extension, name, new.unwrap_or(Value::Null));
        set_member(&mut self.root, urn, Value::Object(extension));
        Ok(())
    }

    /// Adds the URN of an extension whose object this patch created to the resource's
    /// `schemas`, and drops the URN of one whose object it emptied (RFC 7643 §3).
    fn sync_schemas(&mut self, original: &Map<String, Value>) {
        let present = |root: &Map<String, Value>, urn: &str| member(root, urn).is_some();
        for extension in &self.schema.extensions {
            let urn = extension.id.as_str();
            let (before, after) = (present(original, urn), present(&self.root, urn));
            if before == after {
                continue;
            }
            let Some(Value::Array(schemas)) = self.root.get_mut("schemas") else {
                continue;
            };
            let listed = |v: &Value| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(urn));
            if after && !schemas.iter().any(listed) {
                schemas.push(Value::String(urn.to_owned()));
            } else if !after {
                schemas.retain(|v| !listed(v));
            }
        }
    }
}

fn required_value(operation: &PatchOperation) -> Result<&Value, PatchError> {
    operation
        .value
        .as_ref()
        .ok_or_else(|| missing_value(operation.op))
}

fn missing_value(kind: PatchOpKind) -> PatchError {
    PatchError::new(
        ScimType::InvalidValue,
        format!("an {} needs a \"value\" (RFC 7644 §3.5.2)", kind.as_str()),
    )
}

/// Reads a member name of a path-less value as an attribute path.
fn value_key(key: &str) -> Result<AttrPath, PatchError> {
    let path = PatchPath::parse(key).map_err(|e| {
        PatchError::new(ScimType::InvalidPath, format!("value member '{key}': {e}"))
    })?;
    if path.filter.is_some() {
        return Err(PatchError::new(
            ScimType::InvalidPath,
            format!("value member '{key}' holds a value filter; filters belong in \"path\""),
        ));
    }
    Ok(path.attr)
}

/// The indexes of the values of `target`'s attribute that `filter` selects.
fn matching(target: &Target, filter: &Filter, items: &[Value]) -> Result<Vec<usize>, PatchError> {
    let mut selected = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let hit = filter
            .matches_element(item, Some(target.attr))
            .map_err(|e| {
                PatchError::new(
                    ScimType::InvalidPath,
                    format!(
                        "the value filter [{filter}] cannot apply to '{}': {e}",
                        target.label()
                    ),
                )
            })?;
        if hit {
            selected.push(i);
        }
    }
    Ok(selected)
}

fn read_only(label: &str) -> PatchError {
    PatchError::new(
        ScimType::Mutability,
        format!(
            "'{label}' is readOnly: the service provider sets it, so a PATCH may at most repeat \
             its current value"
        ),
    )
}

fn no_match(target: &Target, filter: &Filter, consequence: &str) -> PatchError {
    PatchError::new(
        ScimType::NoTarget,
        format!(
            "no value of '{}' matches [{filter}], {consequence}",
            target.label()
        ),
    )
}

/// Checks that changing an attribute from `old` to `new` respects its characteristics
/// (RFC 7644 §3.5.2: operations "MUST be compatible with the attribute's mutability").
///
/// Writing the value an attribute already has is not a change, so it is accepted even for
/// `readOnly` attributes: Okta renames a group with `{"op": "replace", "value": {"id": "<the
/// group's id>", "displayName": "…"}}`, and refusing the unchanged `id` would break it.
fn guard(
    attr: &Attribute,
    label: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) -> Result<(), PatchError> {
    let assigned = |v: Option<&Value>| v.is_some_and(|v| !is_unassigned(v));
    if old == new || (!assigned(old) && !assigned(new)) {
        return Ok(());
    }
    let refuse = |detail: String| Err(PatchError::new(ScimType::Mutability, detail));
    if attr.required && !assigned(new) {
        return refuse(format!(
            "'{label}' is required, so it cannot be removed or cleared"
        ));
    }
    match attr.mutability {
        Mutability::ReadOnly => return Err(read_only(label)),
        Mutability::Immutable if assigned(old) => {
            return refuse(format!(
                "'{label}' is immutable and already set; it can only be written while unset"
            ));
        }
        _ => {}
    }
    match (old, new) {
        (Some(old), Some(new)) if attr.attr_type == AttrType::Complex && !attr.multi_valued => {
            guard_subs(attr, label, old, new)
        }
        _ => Ok(()),
    }
}

/// [`guard`] for each sub-attribute of a complex value that stays assigned (a value removed
/// whole is governed by its attribute's own characteristics).
fn guard_subs(attr: &Attribute, label: &str, old: &Value, new: &Value) -> Result<(), PatchError> {
    let (Value::Object(old), Value::Object(new)) = (old, new) else {
        return Ok(());
    };
    for sub in &attr.sub_attributes {
        let (before, after) = (member(old, &sub.name), member(new, &sub.name));
        guard(
            sub,
            &format!("{label}.{}", sub.name),
            before.map(|(_, v)| v),
            after.map(|(_, v)| v),
        )?;
    }
    Ok(())
}

/// `patch`'s members written over `stored`; a null member clears that sub-attribute.
fn merge(mut stored: Map<String, Value>, patch: Map<String, Value>) -> Value {
    for (name, value) in patch {
        set_member(&mut stored, &name, value);
    }
    Value::Object(stored)
}

/// A new value without its unassigned members (a null sub-attribute of a value being created
/// means "not set", not a member to store).
fn without_unassigned(value: Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .into_iter()
                .filter(|(_, v)| !is_unassigned(v))
                .collect(),
        ),
        other => other,
    }
}

/// `items` without the values at the indexes in `selected`.
fn without(items: Vec<Value>, selected: &[usize]) -> Vec<Value> {
    items
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !selected.contains(i))
        .map(|(_, item)| item)
        .collect()
}

fn object_of(value: Option<&Value>) -> Map<String, Value> {
    match value {
        Some(Value::Object(object)) => object.clone(),
        _ => Map::new(),
    }
}

fn items_of(value: Option<&Value>) -> Vec<Value> {
    match value {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    }
}
