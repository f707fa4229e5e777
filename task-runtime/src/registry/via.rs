//! `{:via, Registry, {registry, key}}`: a unique registry's key as a
//! [`Name`](crate::process::Name), for `whereis`, `send_to` and every
//! `name:` option.

use super::{Keys, Registry, unknown_registry};
use crate::ExitReason;
use crate::inspect::{Doc, Inspect};
use crate::name::{Via, ViaTarget};
use crate::runtime::names;
use crate::runtime::proc::Proc;
use std::hash::Hash;
use std::sync::Arc;

struct ViaKey<K, V> {
    registry: Registry<K, V>,
    key: K,
    /// Registered with the key: `nil` (`V::default()`) unless given.
    value: V,
}

impl<K, V> Registry<K, V>
where
    K: Eq + Hash + Clone + Inspect + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    /// `{:via, Registry, {registry, key}}`, registering the value
    /// `V::default()` (Elixir's `nil`) when used as a `name:`.
    ///
    /// Only for unique registries: with a duplicate one, every use is
    /// Elixir's `ArgumentError` (`:via is not supported for duplicate
    /// registries`).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use task_runtime::{inspect::inspect, process, registry::{Keys, Registry}};
    /// # task_runtime::root::spawn_root(async {
    /// let reg: Registry<&str, ()> = Registry::start_link(Keys::Unique, "Doc.Via").await.unwrap();
    /// reg.register("worker", ()).unwrap();
    /// let name = process::Name::from(reg.via("worker"));
    /// assert_eq!(inspect(&name), r#"{:via, Registry, {Doc.Via, "worker"}}"#);
    /// assert_eq!(name.whereis(), Some(process::self_pid()));
    /// # }).await.unwrap();
    /// # }
    /// ```
    pub fn via(&self, key: K) -> Via
    where
        V: Default,
    {
        self.via_value(key, V::default())
    }

    /// `{:via, Registry, {registry, key, value}}`: registers `value` with
    /// the key when used as a `name:`; found by the key alone.
    pub fn via_value(&self, key: K, value: V) -> Via {
        Via(Arc::new(ViaKey {
            registry: self.clone(),
            key,
            value,
        }))
    }
}

fn duplicate() -> ExitReason {
    ExitReason::argument_error(":via is not supported for duplicate registries")
}

impl<K, V> ViaTarget for ViaKey<K, V>
where
    K: Eq + Hash + Clone + Inspect + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    fn register(&self, proc: &Arc<Proc>) -> Result<(), ExitReason> {
        if self.registry.keys() == Keys::Duplicate {
            return Err(duplicate());
        }
        // A taken key is a taken name: `{:already_started, holder}`.
        self.registry
            .register_proc(proc, self.key.clone(), self.value.clone())
            .map(drop)
            .map_err(|e| match self.registry.table.holder(&self.key) {
                Some(holder) if self.registry.alive() => crate::name::already_started(holder.pid),
                _ => e,
            })
    }

    fn whereis(&self) -> Result<Option<Arc<Proc>>, ExitReason> {
        if !self.registry.alive() {
            return Err(unknown_registry(self.registry.name()));
        }
        if self.registry.keys() == Keys::Duplicate {
            return Err(duplicate());
        }
        Ok(self.registry.table.holder(&self.key))
    }

    fn to_doc(&self) -> Doc {
        let reg = names::name_doc(self.registry.name());
        let inner = Doc::container("{", vec![reg, self.key.to_doc()], "}", false);
        Doc::container(
            "{",
            vec![Doc::text(":via"), Doc::text("Registry"), inner],
            "}",
            false,
        )
    }
}
