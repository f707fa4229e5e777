// The client functions are typed: a request's argument of the wrong type is
// reported at the call site.
use extask::gen_server::{Init, Server};
use extask::inspect::Inspect;

#[derive(Inspect)]
struct Counter(i64);

#[extask::gen_server]
impl Counter {
    async fn init(n: i64) -> Init<Self> {
        Init::Ok(Counter(n))
    }

    #[cast]
    fn add(&mut self, k: i64) {
        self.0 += k;
    }
}

fn bump(counter: &Server<Counter>) {
    Counter::add(counter, "one");
}

fn main() {}
