use extask::inspect::Inspect;

struct Plain;

#[derive(Inspect)]
struct Holder {
    plain: Plain,
}

#[derive(Inspect)]
struct Generic<T> {
    value: T,
}

fn needs_inspect(_: &impl Inspect) {}

fn main() {
    needs_inspect(&Generic { value: Plain });
}
