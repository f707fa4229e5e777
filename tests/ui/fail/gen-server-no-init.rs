// A server starts from `init`, and its requests' arguments travel in a message.
use extask::inspect::Inspect;

#[derive(Inspect)]
struct Names(Vec<String>);

#[extask::gen_server]
impl Names {
    #[cast]
    fn add(&mut self, name: &str) {
        self.0.push(name.to_owned());
    }

    fn handle_call(&mut self) {}
}

fn main() {}
