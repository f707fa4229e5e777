use extask::inspect::Inspect;

#[derive(Inspect)]
#[inspect(transparant)]
struct Id(u64);

#[derive(Inspect)]
struct Secret {
    #[inspect(skipp)]
    password: String,
    #[inspect(rename = "user")]
    name: String,
}

#[derive(Inspect)]
enum Status {
    #[inspect(skip)]
    Pending,
}

fn main() {}
