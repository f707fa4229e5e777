use extask::inspect::Inspect;

#[derive(Inspect)]
#[inspect(transparent)]
struct Pair(u8, u8);

#[derive(Inspect)]
#[inspect(transparent)]
enum Either {
    Left(u8),
}

#[derive(Inspect)]
struct Point(#[inspect(skip)] u8, u8);

#[derive(Inspect)]
enum Status {
    Failed {
        #[inspect(skip)]
        reason: String,
    },
}

#[derive(Inspect)]
struct Holds {
    #[inspect(crate = "extask")]
    n: u8,
}

fn main() {}
