// crate = "path" for a renamed or re-exported facade.
#[extask::main(crate = "my_tasks")]
async fn main() {}
