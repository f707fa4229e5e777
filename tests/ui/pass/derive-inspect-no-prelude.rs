// `#[derive(Inspect)]` in a crate without the prelude, and under strict lints:
// the impl it adds is warning-free.
#![no_implicit_prelude]
#![deny(warnings, unused_qualifications, unused_results, rust_2018_idioms)]

#[derive(::extask::inspect::Inspect)]
struct Point(i32, i32);

#[derive(::extask::inspect::Inspect)]
enum Shape {
    Dot,
    Line(Point, Point),
    Circle { r: u32 },
}

fn main() {
    let s = ::std::vec![
        Shape::Dot,
        Shape::Line(Point(0, 0), Point(1, 1)),
        Shape::Circle { r: 2 },
    ];
    ::std::assert_eq!(
        ::extask::inspect::inspect(&s),
        "[:dot, {:line, {:point, 0, 0}, {:point, 1, 1}}, {:circle, %{r: 2}}]"
    );
}
