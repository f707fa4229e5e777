//! The synchronisation primitives the process core uses. With the `shuttle`
//! feature they are shuttle's, so the model tests can explore every
//! interleaving of signals between processes; otherwise they are the fast
//! production ones.

#[cfg(not(feature = "shuttle"))]
pub(crate) use parking_lot::Mutex;
#[cfg(not(feature = "shuttle"))]
pub(crate) use std::sync::atomic::AtomicBool;

#[cfg(feature = "shuttle")]
pub(crate) use shuttle::sync::atomic::AtomicBool;

/// shuttle's mutex with parking_lot's infallible `lock()`.
#[cfg(feature = "shuttle")]
#[derive(Default)]
pub(crate) struct Mutex<T>(shuttle::sync::Mutex<T>);

#[cfg(feature = "shuttle")]
impl<T> Mutex<T> {
    pub(crate) fn new(value: T) -> Mutex<T> {
        Mutex(shuttle::sync::Mutex::new(value))
    }

    pub(crate) fn lock(&self) -> shuttle::sync::MutexGuard<'_, T> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
