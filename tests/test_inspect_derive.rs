//! `#[derive(Inspect)]`: each shape prints as Elixir prints the value Elixir
//! code uses for it (the table in `extask::inspect`'s docs), on one line and
//! wrapped at 80 columns as `IO.inspect/2` wraps it. The wrapped forms are
//! copied from Elixir 1.14's output for the same values.

use extask::inspect::{Inspect, Inspected, inspect, pretty};
use extask::{Pid, process};

#[derive(Inspect)]
struct P {
    b: Option<i32>,
    a: Option<i32>,
}

#[derive(Inspect)]
struct Payment {
    amount: Vec<i32>,
    currency: &'static str,
    note: P,
}

#[derive(Inspect)]
struct Empty {}

#[derive(Inspect)]
struct Marker;

#[derive(Inspect)]
struct Point(i32, i32);

#[derive(Inspect)]
struct Meters(f64);

#[derive(Inspect)]
#[inspect(transparent)]
struct UserId(u64);

#[derive(Inspect)]
#[inspect(transparent)]
struct Wrapped {
    inner: Status,
}

#[derive(Inspect)]
enum Status {
    Pending,
    HTTPError,
    ChargedTwice,
    Charged(u32),
    Moved(i32, i32),
    Nothing(),
    Failed { reason: String, code: u8 },
    Blank {},
}

#[derive(Inspect)]
struct Secret {
    user: String,
    #[inspect(skip)]
    password: String,
    age: u8,
}

#[derive(Inspect)]
struct Pair<A, B: Clone> {
    left: A,
    right: B,
}

#[derive(Inspect)]
struct Borrowed<'a, T: ?Sized> {
    value: &'a T,
}

#[derive(Inspect)]
enum Tree<T> {
    Leaf(T),
    Node {
        left: Box<Tree<T>>,
        right: Box<Tree<T>>,
    },
}

#[derive(Inspect)]
#[allow(non_camel_case_types, reason = "a raw identifier and an odd name")]
struct r#Raw {
    r#type: &'static str,
}

#[derive(Inspect)]
enum Never {}

#[test]
fn a_struct_prints_its_fields_in_declared_order() {
    // Elixir: `defstruct [:b, :a]` prints `%P{b: nil, a: nil}`.
    assert_eq!(inspect(&P { b: None, a: None }), "%P{b: nil, a: nil}");
    assert_eq!(inspect(&Empty {}), "%Empty{}");
    assert_eq!(inspect(&Marker), "%Marker{}");
}

#[test]
fn a_nested_struct_prints_inside_its_parent() {
    let p = Payment {
        amount: vec![12],
        currency: "EUR",
        note: P {
            b: Some(2),
            a: Some(1),
        },
    };
    assert_eq!(
        inspect(&p),
        r#"%Payment{amount: [12], currency: "EUR", note: %P{b: 2, a: 1}}"#
    );
}

#[test]
fn a_long_struct_wraps_at_80_columns_as_io_inspect_does() {
    let p = Payment {
        amount: (1..=30).collect(),
        currency: "EUR",
        note: P {
            b: Some(2),
            a: Some(1),
        },
    };
    assert_eq!(
        pretty(&p),
        "%Payment{\n  amount: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,\n   \
         20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30],\n  currency: \"EUR\",\n  note: %P{b: 2, a: 1}\n}"
    );
    // `{:#?}` is the same wrapped form; `{:?}` stays on one line.
    assert_eq!(format!("{:#?}", Inspected(&p)), pretty(&p));
    assert!(!format!("{:?}", Inspected(&p)).contains('\n'));
}

#[test]
fn a_tuple_struct_is_a_record_and_a_newtype_a_keyword_pair() {
    assert_eq!(inspect(&Point(1, 2)), "{:point, 1, 2}");
    assert_eq!(inspect(&Meters(1.5)), "{:meters, 1.5}");
    assert_eq!(
        inspect(&vec![Meters(1.0), Meters(2.0)]),
        "[meters: 1.0, meters: 2.0]"
    );
}

#[test]
fn a_transparent_struct_prints_as_its_field() {
    assert_eq!(inspect(&UserId(7)), "7");
    let w = Wrapped {
        inner: Status::Charged(3),
    };
    assert_eq!(inspect(&w), "{:charged, 3}");
    // Its keyword pair is the field's too.
    assert_eq!(inspect(&vec![w]), "[charged: 3]");
}

#[test]
fn unit_variants_are_snake_case_atoms() {
    assert_eq!(inspect(&Status::Pending), ":pending");
    // `Macro.underscore("HTTPError")` is `"http_error"`.
    assert_eq!(inspect(&Status::HTTPError), ":http_error");
    assert_eq!(inspect(&Status::ChargedTwice), ":charged_twice");
}

#[test]
fn tuple_variants_are_flat_tagged_tuples() {
    assert_eq!(inspect(&Status::Charged(12)), "{:charged, 12}");
    assert_eq!(inspect(&Status::Moved(1, -2)), "{:moved, 1, -2}");
    assert_eq!(inspect(&Status::Nothing()), "{:nothing}");
}

#[test]
fn struct_variants_are_a_tag_and_a_map_with_sorted_keys() {
    let failed = Status::Failed {
        reason: "x".into(),
        code: 3,
    };
    assert_eq!(inspect(&failed), r#"{:failed, %{code: 3, reason: "x"}}"#);
    assert_eq!(inspect(&Status::Blank {}), "{:blank, %{}}");
}

#[test]
fn a_list_of_tag_value_pairs_is_a_keyword_list_and_a_mixed_one_is_not() {
    let pairs = vec![
        Status::Charged(12),
        Status::Failed {
            reason: "x".into(),
            code: 3,
        },
    ];
    assert_eq!(
        inspect(&pairs),
        r#"[charged: 12, failed: %{code: 3, reason: "x"}]"#
    );
    let mixed = vec![Status::Charged(12), Status::Pending];
    assert_eq!(inspect(&mixed), "[{:charged, 12}, :pending]");
    let wide = vec![Status::Moved(1, 2)];
    assert_eq!(inspect(&wide), "[{:moved, 1, 2}]");
}

#[test]
fn a_long_struct_variant_wraps_as_elixir_wraps_a_tagged_map() {
    let failed = Status::Failed {
        reason: "a".repeat(60),
        code: 3,
    };
    let a = "a".repeat(60);
    assert_eq!(
        pretty(&failed),
        format!("{{:failed,\n %{{\n   code: 3,\n   reason: \"{a}\"\n }}}}")
    );
}

#[test]
fn skipped_fields_print_as_elixirs_except_form() {
    let s = Secret {
        user: "jo".into(),
        password: "hunter2".into(),
        age: 3,
    };
    assert_eq!(s.password.len(), 7);
    assert_eq!(inspect(&s), r#"#Secret<user: "jo", age: 3, ...>"#);
    let long = Secret {
        user: "a".repeat(80),
        password: String::new(),
        age: 3,
    };
    let a = "a".repeat(80);
    assert_eq!(
        pretty(&long),
        format!("#Secret<\n  user: \"{a}\",\n  age: 3,\n  ...\n>")
    );
}

#[test]
fn generic_types_print_when_their_parameters_do() {
    let pair = Pair {
        left: Point(0, 1),
        right: "r",
    };
    assert_eq!(inspect(&pair), r#"%Pair{left: {:point, 0, 1}, right: "r"}"#);
    let borrowed = Borrowed { value: "unsized" };
    assert_eq!(inspect(&borrowed), r#"%Borrowed{value: "unsized"}"#);
    let tree = Tree::Node {
        left: Box::new(Tree::Leaf(1)),
        right: Box::new(Tree::Leaf(2)),
    };
    assert_eq!(
        inspect(&tree),
        "{:node, %{left: {:leaf, 1}, right: {:leaf, 2}}}"
    );
}

#[test]
fn raw_identifiers_print_without_their_prefix() {
    assert_eq!(inspect(&Raw { r#type: "t" }), r#"%Raw{type: "t"}"#);
}

#[test]
fn an_empty_enum_derives_and_runtime_values_print_inside_a_derived_one() {
    fn never_prints(n: Option<&Never>) -> String {
        n.map_or_else(String::new, inspect)
    }
    assert_eq!(never_prints(None), "");
    #[derive(Inspect)]
    struct Holder {
        pid: Pid,
    }
    let h = Holder {
        pid: process::try_self_pid().unwrap_or(Pid::OUTSIDE),
    };
    assert!(inspect(&h).starts_with("%Holder{pid: #PID<0."));
}
