::core::compile_error! {
    "`#[extask::main]` runs an `async fn`: the `async` keyword is missing"
}
fn main() {
    ::core::unimplemented!()
}
