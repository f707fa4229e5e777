//! `#[extask::main(node = .., cookie = ..)]`: the distribution options' errors, with
//! and without the facade's `dist` feature.

use super::support::{errors, text, tokens};
use crate::attr::{Features, Kind, expand_with};

const MAIN: &str = "async fn main() {}";

fn expand(kind: Kind, args: &str, dist: bool) -> proc_macro2::TokenStream {
    expand_with(kind, tokens(args), tokens(MAIN), Features { dist })
}

fn errors_of(args: &str) -> Vec<String> {
    errors(&expand(Kind::Main, args, true))
}

#[test]
fn without_the_dist_feature_the_option_says_to_enable_it() {
    let out = expand(
        Kind::Main,
        r#"node = "rust@127.0.0.1", cookie = "c""#,
        false,
    );
    let found = errors(&out);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "`node` starts an Erlang distribution node, which needs extask's `dist` feature"
        ),
        "{}",
        found[0]
    );
    assert!(found[0].contains(r#"features = ["dist"]"#), "{}", found[0]);
    // A cookie alone names itself.
    let out = expand(Kind::Main, r#"cookie = "c""#, false);
    assert!(errors(&out)[0].starts_with("`cookie` starts"), "{out}");
}

#[test]
fn with_the_feature_the_node_starts_before_the_body() {
    let out = expand(Kind::Main, r#"node = "rust@127.0.0.1", cookie = "c""#, true);
    assert!(errors(&out).is_empty(), "{out}");
    let t = text(&out);
    assert!(
        t.contains(r#"::extask::__private::rt::dist::start_main(::extask::__private::rt::dist::Options::new("rust@127.0.0.1","c")).await;"#),
        "{t}"
    );
    // No node: no start, and no `dist` path (the feature may be off).
    let out = expand(Kind::Main, "", false);
    assert!(!text(&out).contains("dist"), "{out}");
}

#[test]
fn bad_values_each_get_their_error() {
    assert_eq!(
        errors_of(r#"node = "rust", cookie = "c""#),
        ["bad node name `rust`: expected `name@host`, e.g. `rust@127.0.0.1`"]
    );
    assert_eq!(
        errors_of(r#"node = "rust@127.0.0.1""#),
        ["a node needs its cluster's cookie: add `cookie = \"..\"`"]
    );
    assert_eq!(
        errors_of(r#"cookie = "c", ticktime = 8"#),
        ["`cookie` needs a node name: add `node = \"name@host\"`"]
    );
    assert_eq!(
        errors_of(r#"node = "a@b", cookie = "c", ticktime = 0, epmd_port = 70000"#),
        [
            "`ticktime` is whole seconds greater than zero, as `-kernel net_ticktime N`",
            "`epmd_port` must be a port number, 1 to 65535"
        ]
    );
    assert_eq!(
        errors_of("node = rust"),
        ["`node` takes a string, `node = \"..\"`"]
    );
    assert_eq!(
        errors_of(r#"node = "a@b", cookie = "c", ticktime = "8""#),
        ["`ticktime` takes an integer, `ticktime = N`"]
    );
}

#[test]
fn a_test_cannot_start_a_node() {
    let out = expand(Kind::Test, r#"node = "a@b", cookie = "c""#, true);
    let found = errors(&out);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("`node` is an option of `#[extask::main]`"),
        "{}",
        found[0]
    );
}

#[test]
fn unknown_options_list_the_node_options() {
    assert_eq!(
        errors_of(r#"nodes = "a@b""#),
        [
            "unknown option `nodes` for `#[extask::main]`, expected `flavor`, `worker_threads`, `crate`, `node`, `cookie`, `ticktime` or `epmd_port`\nhelp: did you mean `node`?"
        ]
    );
}
