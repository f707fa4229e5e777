//! [`Inspect`] for the standard library's values and the runtime's ids.

use super::term::quote;
use super::{Doc, Inspect};
use crate::{Pid, Ref};

impl<T: Inspect + ?Sized> Inspect for &T {
    fn to_doc(&self) -> Doc {
        (**self).to_doc()
    }

    fn keyword_pair(&self) -> Option<(String, Doc)> {
        (**self).keyword_pair()
    }
}

impl<T: Inspect + ?Sized> Inspect for Box<T> {
    fn to_doc(&self) -> Doc {
        (**self).to_doc()
    }

    fn keyword_pair(&self) -> Option<(String, Doc)> {
        (**self).keyword_pair()
    }
}

impl<T: Inspect + ?Sized> Inspect for std::sync::Arc<T> {
    fn to_doc(&self) -> Doc {
        (**self).to_doc()
    }

    fn keyword_pair(&self) -> Option<(String, Doc)> {
        (**self).keyword_pair()
    }
}

macro_rules! inspect_display {
    ($($t:ty),*) => {$(
        impl Inspect for $t {
            fn to_doc(&self) -> Doc {
                Doc::text(self.to_string())
            }
        }
    )*};
}
inspect_display!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, bool
);

impl Inspect for f64 {
    fn to_doc(&self) -> Doc {
        // Elixir always prints a fractional part: `1.0`, never `1`.
        let s = format!("{self:?}");
        Doc::text(if s.contains(['.', 'e', 'i', 'N']) {
            s
        } else {
            format!("{s}.0")
        })
    }
}

impl Inspect for f32 {
    fn to_doc(&self) -> Doc {
        f64::from(*self).to_doc()
    }
}

impl Inspect for str {
    fn to_doc(&self) -> Doc {
        Doc::text(quote(self))
    }
}

impl Inspect for String {
    fn to_doc(&self) -> Doc {
        self.as_str().to_doc()
    }
}

impl Inspect for char {
    fn to_doc(&self) -> Doc {
        // A char is an integer code point in Elixir.
        Doc::text((*self as u32).to_string())
    }
}

impl Inspect for () {
    fn to_doc(&self) -> Doc {
        Doc::text(":ok")
    }
}

impl<T: Inspect> Inspect for Option<T> {
    fn to_doc(&self) -> Doc {
        match self {
            Some(v) => v.to_doc(),
            None => Doc::text("nil"),
        }
    }

    fn keyword_pair(&self) -> Option<(String, Doc)> {
        self.as_ref().and_then(Inspect::keyword_pair)
    }
}

impl<T: Inspect, E: Inspect> Inspect for Result<T, E> {
    fn to_doc(&self) -> Doc {
        let (tag, doc) = match self {
            Ok(v) => (":ok", v.to_doc()),
            Err(e) => (":error", e.to_doc()),
        };
        Doc::container("{", vec![Doc::text(tag), doc], "}", false)
    }

    fn keyword_pair(&self) -> Option<(String, Doc)> {
        Some(match self {
            Ok(v) => ("ok".to_owned(), v.to_doc()),
            Err(e) => ("error".to_owned(), e.to_doc()),
        })
    }
}

impl Inspect for std::convert::Infallible {
    fn to_doc(&self) -> Doc {
        match *self {}
    }
}

impl<T: Inspect> Inspect for [T] {
    fn to_doc(&self) -> Doc {
        if !self.is_empty() {
            let pairs: Option<Vec<Doc>> = self
                .iter()
                .map(|item| {
                    let (key, value) = item.keyword_pair()?;
                    Some(Doc::Concat(vec![Doc::text(format!("{key}: ")), value]))
                })
                .collect();
            if let Some(pairs) = pairs {
                return Doc::container("[", pairs, "]", true);
            }
        }
        Doc::container("[", self.iter().map(Inspect::to_doc).collect(), "]", false)
    }
}

impl<T: Inspect, const N: usize> Inspect for [T; N] {
    fn to_doc(&self) -> Doc {
        self.as_slice().to_doc()
    }
}

impl<T: Inspect> Inspect for Vec<T> {
    fn to_doc(&self) -> Doc {
        self.as_slice().to_doc()
    }
}

macro_rules! inspect_tuple {
    ($($name:ident)+) => {
        impl<$($name: Inspect),+> Inspect for ($($name,)+) {
            #[allow(non_snake_case, reason = "type parameters double as bindings")]
            fn to_doc(&self) -> Doc {
                let ($($name,)+) = self;
                Doc::container("{", vec![$($name.to_doc()),+], "}", false)
            }
        }
    };
}
inspect_tuple!(A);

impl<A: Inspect, B: Inspect> Inspect for (A, B) {
    fn to_doc(&self) -> Doc {
        Doc::container("{", vec![self.0.to_doc(), self.1.to_doc()], "}", false)
    }

    /// `{:name, value}`, where the first element prints as an atom other
    /// than an alias: `:ok` is the key `ok`, `:"a-b"` the key `"a-b"`.
    fn keyword_pair(&self) -> Option<(String, Doc)> {
        let Doc::Text(text) = self.0.to_doc() else {
            return None;
        };
        let key = match text.strip_prefix(':') {
            Some(key) => key,
            None if matches!(&*text, "nil" | "true" | "false") => &text,
            None => return None,
        };
        Some((key.to_owned(), self.1.to_doc()))
    }
}

inspect_tuple!(A B C);
inspect_tuple!(A B C D);
inspect_tuple!(A B C D E);
inspect_tuple!(A B C D E F);

impl Inspect for Pid {
    fn to_doc(&self) -> Doc {
        Doc::text(format!("{self:?}"))
    }
}

impl Inspect for Ref {
    fn to_doc(&self) -> Doc {
        Doc::text(format!("{self:?}"))
    }
}
