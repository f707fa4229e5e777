// flavor = "current_thread"
#[extask::main(flavor = "current_thread")]
async fn main() {}
