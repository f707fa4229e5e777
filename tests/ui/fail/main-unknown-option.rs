// A misspelled option of the attribute.
#[extask::main(flavour = "current_thread")]
async fn main() {}
