// A misspelt `#[call]`, and an option the attribute does not have.
use extask::gen_server::Init;
use extask::inspect::Inspect;

#[derive(Inspect)]
struct Counter(i64);

#[extask::gen_server(timout = 100)]
impl Counter {
    async fn init(n: i64) -> Init<Self> {
        Init::Ok(Counter(n))
    }

    #[calll]
    fn get(&mut self) -> i64 {
        self.0
    }
}

fn main() {}
