// worker_threads = N on the multi-thread runtime; a Result return type.
#[extask::main(worker_threads = 2)]
async fn main() -> Result<(), std::io::Error> {
    std::fs::read("x")?;
    Ok(())
}
