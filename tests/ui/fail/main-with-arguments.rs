// `main` takes no arguments.
#[extask::main]
async fn main(args: Vec<String>) {
    let _ = args;
}
