//! Pids and refs: unique, cheap, printed in Elixir notation.

use extask::{Pid, make_ref, process};
use std::collections::HashSet;

#[tokio::test]
async fn pids_are_unique_and_print_as_elixir_pids() {
    let pids: Vec<Pid> = (0..100).map(|_| process::spawn(async {})).collect();
    let unique: HashSet<Pid> = pids.iter().copied().collect();
    assert_eq!(unique.len(), 100);
    for pid in pids {
        assert_eq!(format!("{pid:?}"), format!("#PID<0.{}.0>", pid.number()));
    }
    assert_eq!(format!("{:?}", Pid::OUTSIDE), "#PID<0.0.0>");
}

#[test]
fn refs_are_unique_and_print_with_four_numbers() {
    let refs: HashSet<_> = (0..1000).map(|_| make_ref()).collect();
    assert_eq!(refs.len(), 1000);
    let text = format!("{:?}", make_ref());
    let inner = text
        .strip_prefix("#Reference<")
        .and_then(|s| s.strip_suffix('>'))
        .unwrap();
    let parts: Vec<&str> = inner.split('.').collect();
    assert_eq!(parts.len(), 4);
    assert_eq!(parts[0], "0");
    assert!(parts.iter().all(|p| p.parse::<u64>().is_ok()));
}

#[test]
fn pid_and_ref_are_copy_and_small() {
    fn assert_copy<T: Copy + Send + Sync + std::hash::Hash + Ord>() {}
    assert_copy::<Pid>();
    assert_copy::<extask::Ref>();
    assert_eq!(std::mem::size_of::<Pid>(), 8);
}
