// `#[extask::gen_server]` in a crate without the prelude, with a renamed facade
// (`crate = "path"`), and with user names that the expansion also uses
// (`server`, `value`, `request`, `arg0`).
#![no_implicit_prelude]

mod renamed {
    pub use ::extask as tasks;
}

use ::extask::gen_server::{Init, StartOptions};
use ::extask::inspect::Inspect;

#[derive(Inspect)]
struct Store {
    value: i64,
}

#[renamed::tasks::gen_server(crate = "renamed::tasks")]
impl Store {
    fn init(value: i64) -> Init<Self> {
        Init::Ok(Store { value })
    }

    #[call]
    fn swap(&mut self, value: i64, server: i64) -> i64 {
        let old = self.value;
        self.value = value + server;
        old
    }

    #[call]
    async fn get(&mut self) -> i64 {
        self.value
    }

    #[cast]
    fn set(&mut self, request: i64, arg0: i64) {
        self.value = request + arg0;
    }
}

#[::extask::main(flavor = "current_thread")]
async fn main() {
    let store = ::extask::gen_server::start_link::<Store>(1, StartOptions::new()).await;
    let store = store.unwrap();
    ::std::assert_eq!(Store::swap(&store, 40, 2).await, 1);
    Store::set(&store, 20, 1);
    ::std::assert_eq!(Store::get(&store).await, 21);
}
