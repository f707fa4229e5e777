// node = .. (feature `dist`): the node starts first in the root process; a Result body.
#[extask::main(node = "rust@127.0.0.1", cookie = "secret", ticktime = 8, epmd_port = 4370)]
async fn main() -> Result<(), std::io::Error> {
    std::fs::read("x")?;
    Ok(())
}
