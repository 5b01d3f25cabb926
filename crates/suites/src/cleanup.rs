//! The cleanup registry: every resource the run created, so that it can be deleted at the end
//! (in reverse order, also after Ctrl-C) and so that nothing the run did not create is ever
//! changed or deleted.

use std::collections::HashSet;
use std::sync::Mutex;

/// Resources created by this run, in creation order.
#[derive(Debug, Default)]
pub struct Cleanup {
    inner: Mutex<Registry>,
}

#[derive(Debug, Default)]
struct Registry {
    /// Relative paths (`/Users/abc`) in creation order.
    created: Vec<String>,
    /// Paths the run may change: those it created and ids it made up to probe 404s.
    writable: HashSet<String>,
    /// The ids of the created resources (the paths' last segments), to tell the run's own
    /// resources from foreign ones in list responses.
    ids: HashSet<String>,
    /// What created resources no create asked for (see [`Cleanup::unasked`]), one line each.
    unasked: Vec<String>,
}

impl Cleanup {
    /// Records that the run created the resource at `path` (relative to the base URL).
    pub fn created(&self, path: &str) {
        let mut registry = self.lock();
        if registry.writable.insert(path.to_owned()) {
            registry.created.push(path.to_owned());
            let id = path.rsplit('/').next().unwrap_or(path);
            registry.ids.insert(id.to_owned());
        }
    }

    /// Records that a write which was not a create (`what`: the check, the request, the answer)
    /// made the resource at `path` anyway, and registers it like any created resource: the
    /// server said it created it in answer to the run's write, so it is the run's to delete.
    pub fn unasked(&self, path: &str, what: String) {
        self.created(path);
        self.lock().unasked.push(what);
    }

    /// The run note listing the resources writes made without being asked to, if any: a server
    /// that creates where it should refuse (a POST /Bulk it does not offer answered 201 with a
    /// new group) would otherwise be seen only as foreign data in the next run.
    pub fn unasked_note(&self) -> Option<String> {
        let registry = self.lock();
        (!registry.unasked.is_empty()).then(|| {
            format!(
                "{} writes created a resource without being asked to (registered for cleanup): {}",
                registry.unasked.len(),
                registry.unasked.join("; ")
            )
        })
    }

    /// Whether the run created a resource with this id (of any resource type).
    pub fn is_own(&self, id: &str) -> bool {
        self.lock().ids.contains(id)
    }

    /// Allows writes to `path`, a made-up id that no resource has (to probe 404 handling).
    pub fn made_up(&self, path: &str) {
        self.lock().writable.insert(path.to_owned());
    }

    /// Whether the run may send PUT, PATCH or DELETE to `path`.
    pub fn may_write(&self, path: &str) -> bool {
        self.lock().writable.contains(path)
    }

    /// The created paths, newest first: the order to delete them in.
    pub fn take_for_deletion(&self) -> Vec<String> {
        let mut registry = self.lock();
        let mut paths = std::mem::take(&mut registry.created);
        paths.reverse();
        paths
    }

    /// How many created resources are registered.
    pub fn len(&self) -> usize {
        self.lock().created.len()
    }

    /// Whether nothing was created.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Registry> {
        // A panic while holding the lock cannot leave the registry inconsistent (every update
        // is a single push or insert), so a poisoned lock is still usable.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletion_order_is_reverse_creation_and_unique() {
        let c = Cleanup::default();
        c.created("/Users/a");
        c.created("/Groups/g");
        c.created("/Users/a");
        assert_eq!(c.take_for_deletion(), vec!["/Groups/g", "/Users/a"]);
        assert!(c.is_empty());
    }

    #[test]
    fn only_created_or_made_up_paths_are_writable() {
        let c = Cleanup::default();
        c.created("/Users/a");
        c.made_up("/Users/missing");
        assert!(c.may_write("/Users/a"));
        assert!(c.may_write("/Users/missing"));
        assert!(!c.may_write("/Users/seeded"));
        assert_eq!(c.len(), 1);
        assert!(c.is_own("a"));
        assert!(!c.is_own("missing") && !c.is_own("seeded"));
    }

    #[test]
    fn an_unasked_creation_is_deleted_and_noted() {
        let c = Cleanup::default();
        assert_eq!(c.unasked_note(), None);
        c.created("/Users/a");
        c.unasked("/Groups/g", "x: POST /Bulk answered 201".into());
        assert!(c.may_write("/Groups/g") && c.is_own("g"));
        assert_eq!(
            c.unasked_note().as_deref(),
            Some(
                "1 writes created a resource without being asked to (registered for cleanup): x: POST /Bulk answered 201"
            )
        );
        assert_eq!(c.take_for_deletion(), vec!["/Groups/g", "/Users/a"]);
    }
}
