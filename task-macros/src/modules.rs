// The crate's modules, shared by `lib.rs` and the in-process tests in `tests/`
// (`include!`d by both; the paths resolve from `src/` and from `tests/` alike).
#[path = "../src/ast.rs"]
mod ast;
#[path = "../src/attr.rs"]
mod attr;
#[path = "../src/bindings.rs"]
mod bindings;
#[path = "../src/elixir.rs"]
mod elixir;
#[path = "../src/expand.rs"]
mod expand;
#[path = "../src/options.rs"]
mod options;
#[path = "../src/parse.rs"]
mod parse;
#[path = "../src/parse_body.rs"]
mod parse_body;
#[path = "../src/paths.rs"]
mod paths;
#[path = "../src/receive.rs"]
mod receive;
#[path = "../src/receive_expand.rs"]
mod receive_expand;
#[path = "../src/rewrite.rs"]
mod rewrite;
#[path = "../src/suggest.rs"]
mod suggest;
#[path = "../src/tokens.rs"]
mod tokens;
#[path = "../src/validate.rs"]
mod validate;
