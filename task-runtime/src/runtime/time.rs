//! Deadlines for waits that span several receives (`await_many`,
//! `yield_many`, a stream's per-task timers, a supervisor's shutdowns).

use crate::Timeout;
use tokio::time::Instant;

/// The deadline of a wait of `timeout` starting now.
pub(crate) fn deadline(timeout: Timeout) -> Option<Instant> {
    timeout.as_duration().map(|d| Instant::now() + d)
}

/// The wait left until `deadline` (`None`: forever), rounded up to whole
/// milliseconds so that a wait never ends before its deadline.
pub(crate) fn until(deadline: Option<Instant>) -> Timeout {
    match deadline {
        None => Timeout::Infinity,
        Some(deadline) => {
            let left = deadline.saturating_duration_since(Instant::now());
            let ms = left.as_micros().div_ceil(1000);
            Timeout::Ms(u64::try_from(ms).unwrap_or(u64::MAX))
        }
    }
}
