// `#[derive(Inspect)]` names only `::extask::__private`, `::core` and `::std`: a
// shadowed prelude (`Option`, `Vec`, `String`, a `Doc` and an `Inspect` of the
// user's own, modules named `core` and `std`) changes nothing, and field names
// that collide with its bindings (`field_0`, `rt`) are the user's.
#![allow(dead_code)]
use extask::inspect::inspect;

struct Option;
struct Some;
struct Vec;
struct String;
struct Box;
struct Doc;
trait Inspect {}
mod core {}
mod std {}
mod inspect {}

#[derive(::extask::inspect::Inspect)]
struct Payment<T> {
    field_0: u32,
    rt: T,
}

#[derive(::extask::inspect::Inspect)]
enum Status<T> {
    Pending,
    Charged(T),
    Failed { field_0: u32, field_1: &'static str },
}

fn main() {
    let p = Payment { field_0: 1, rt: Status::Charged(2_u8) };
    ::std::assert_eq!(inspect(&p), "%Payment{field_0: 1, rt: {:charged, 2}}");
    let f: Status<u8> = Status::Failed { field_0: 1, field_1: "x" };
    ::std::assert_eq!(inspect(&f), r#"{:failed, %{field_0: 1, field_1: "x"}}"#);
    ::std::assert_eq!(inspect(&Status::<u8>::Pending), ":pending");
}
