// A `#[call]` must answer: a method without a return type is a cast.
use extask::gen_server::Init;
use extask::inspect::Inspect;

#[derive(Inspect)]
struct Counter(i64);

#[extask::gen_server]
impl Counter {
    async fn init(n: i64) -> Init<Self> {
        Init::Ok(Counter(n))
    }

    #[call]
    fn reset(&mut self) {
        self.0 = 0;
    }
}

fn main() {}
