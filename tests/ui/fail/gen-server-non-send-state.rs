// A server's state moves to the server's process, which may run on any thread.
use extask::gen_server::Init;
use extask::inspect::{Doc, Inspect};
use std::rc::Rc;

struct Counter(Rc<i64>);

impl Inspect for Counter {
    fn to_doc(&self) -> Doc {
        self.0.to_doc()
    }
}

#[extask::gen_server]
impl Counter {
    async fn init(n: i64) -> Init<Self> {
        Init::Ok(Counter(Rc::new(n)))
    }

    #[call]
    fn get(&mut self) -> i64 {
        *self.0
    }
}

fn main() {}
