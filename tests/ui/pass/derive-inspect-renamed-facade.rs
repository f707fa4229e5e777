// The facade under another name: `#[inspect(crate = "path")]` says where it is,
// as `#[extask::main(crate = "path")]` does.
mod reexport {
    pub use extask;
}

use extask as tasks;

#[derive(tasks::inspect::Inspect)]
#[inspect(crate = "tasks")]
struct Renamed {
    n: u8,
}

#[derive(reexport::extask::inspect::Inspect)]
#[inspect(crate = "reexport::extask")]
enum Reexported {
    Ok(Renamed),
}

fn main() {
    let v = Reexported::Ok(Renamed { n: 1 });
    assert_eq!(tasks::inspect::inspect(&v), "{:ok, %Renamed{n: 1}}");
}
