//! The macros' compile-time contract, checked with trybuild: `tests/ui/fail/*.rs` must
//! fail with exactly the `.stderr` beside each (the caret under the user's token), and
//! `tests/ui/pass/*.rs` must compile and run. Regenerate with
//! `TRYBUILD=overwrite cargo test --test test_ui`, then read every `.stderr`.
//! `tests/ui/nodist/` holds what fails only without the `dist` feature.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
    #[cfg(not(feature = "dist"))]
    cases.compile_fail("tests/ui/nodist/*.rs");
}
