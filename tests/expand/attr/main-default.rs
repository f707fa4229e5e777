// #[extask::main]: multi-thread runtime, main runs as the root process.
#[extask::main]
async fn main() {
    let t = task!(async fn -> 1 end);
    println!("{}", task!(await t));
}
