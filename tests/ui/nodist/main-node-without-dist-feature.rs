// `node = ..` starts an Erlang distribution node: without the facade's `dist`
// feature the option is an error under its name, saying how to enable it.
#[extask::main(node = "rust@127.0.0.1", cookie = "secret")]
async fn main() {}
