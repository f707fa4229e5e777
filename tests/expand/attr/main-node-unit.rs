// node = .. with a `()` body: the start, then the user's block.
#[extask::main(node = "rust@127.0.0.1", cookie = "secret")]
async fn main() {
    println!("{}", extask::dist::node());
}
