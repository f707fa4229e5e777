//! A small document algebra in the style of Elixir's `Inspect.Algebra`
//! (Wadler's "prettier printer"): values describe their layout once and are
//! rendered either on one line (`inspect/1`) or wrapped at a width
//! (`IO.inspect/2`, 80 columns).

use std::borrow::Cow;

/// A layout document. Build it with the constructor functions; render it with
/// [`Doc::render`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Doc {
    /// Literal text, never broken.
    Text(Cow<'static, str>),
    /// Documents one after the other.
    Concat(Vec<Doc>),
    /// Indents every line break inside by this many more columns.
    Nest(usize, Box<Doc>),
    /// A break: the text when its group is flat, a newline otherwise.
    Break(&'static str),
    /// A break that decides on its own: the text if the next piece fits on
    /// the line, a newline otherwise (Elixir's `flex_break`).
    FlexBreak(&'static str),
    /// Renders its content flat if it fits, otherwise breaks all its
    /// [`Doc::Break`]s.
    Group(Box<Doc>),
}

impl Doc {
    /// Literal text.
    pub fn text(s: impl Into<Cow<'static, str>>) -> Doc {
        Doc::Text(s.into())
    }

    /// Wraps in a group.
    pub fn group(self) -> Doc {
        Doc::Group(Box::new(self))
    }

    /// Indents line breaks inside by `n`.
    pub fn nest(self, n: usize) -> Doc {
        Doc::Nest(n, Box::new(self))
    }

    /// `open elem1, elem2, ... close`, breaking after commas when it does not
    /// fit: the layout Elixir uses for lists, tuples, maps and structs.
    /// `strict` breaks every element onto its own line (maps, structs);
    /// otherwise elements fill each line (lists, tuples).
    pub fn container(
        open: impl Into<Cow<'static, str>>,
        items: Vec<Doc>,
        close: &'static str,
        strict: bool,
    ) -> Doc {
        let open = open.into();
        if items.is_empty() {
            return Doc::text(format!("{open}{close}"));
        }
        let indent = if strict { 2 } else { open.chars().count() };
        let mut inner = Vec::with_capacity(items.len() * 3 + 1);
        if strict {
            inner.push(Doc::Break(""));
        }
        let last = items.len() - 1;
        for (i, item) in items.into_iter().enumerate() {
            if i != last {
                // The comma is part of the item, as in Elixir's `container_doc`:
                // a flex break before it measures `item,`, not `item`.
                inner.push(Doc::Concat(vec![item, Doc::text(",")]));
                inner.push(if strict {
                    Doc::Break(" ")
                } else {
                    Doc::FlexBreak(" ")
                });
            } else {
                inner.push(item);
            }
        }
        let mut parts = vec![Doc::text(open), Doc::Concat(inner).nest(indent)];
        if strict {
            parts.push(Doc::Break(""));
        }
        parts.push(Doc::text(close));
        Doc::Concat(parts).group()
    }

    /// Renders with a line width; `usize::MAX` gives one line.
    pub fn render(&self, width: usize) -> String {
        let mut out = String::new();
        let mut col = 0usize;
        // Work stack of (indent, flat?, doc), processed front to back.
        let mut stack: Vec<(usize, bool, &Doc)> = vec![(0, false, self)];
        while let Some((indent, flat, doc)) = stack.pop() {
            match doc {
                Doc::Text(s) => {
                    out.push_str(s);
                    col += s.chars().count();
                }
                Doc::Concat(docs) => {
                    for d in docs.iter().rev() {
                        stack.push((indent, flat, d));
                    }
                }
                Doc::Nest(n, d) => stack.push((indent + n, flat, d)),
                Doc::Break(s) => {
                    if flat {
                        out.push_str(s);
                        col += s.len();
                    } else {
                        newline(&mut out, &mut col, indent);
                    }
                }
                Doc::FlexBreak(s) => {
                    let next = stack.last().map(|&(_, _, d)| d);
                    let needed = s.len() + next.map_or(0, flat_width_until_break);
                    if flat || col.saturating_add(needed) <= width {
                        out.push_str(s);
                        col += s.len();
                    } else {
                        newline(&mut out, &mut col, indent);
                    }
                }
                Doc::Group(d) => {
                    let fits = flat || col.saturating_add(flat_width(d)) <= width;
                    stack.push((indent, fits, d));
                }
            }
        }
        out
    }
}

fn newline(out: &mut String, col: &mut usize, indent: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
    *col = indent;
}

/// Width of the document laid out on one line (saturating).
fn flat_width(doc: &Doc) -> usize {
    match doc {
        Doc::Text(s) => s.chars().count(),
        Doc::Concat(docs) => docs
            .iter()
            .fold(0usize, |acc, d| acc.saturating_add(flat_width(d))),
        Doc::Nest(_, d) | Doc::Group(d) => flat_width(d),
        Doc::Break(s) | Doc::FlexBreak(s) => s.len(),
    }
}

/// Width of the document's leading part up to its first top-level break.
fn flat_width_until_break(doc: &Doc) -> usize {
    match doc {
        Doc::Text(s) => s.chars().count(),
        Doc::Concat(docs) => {
            let mut acc = 0usize;
            for d in docs {
                if matches!(d, Doc::Break(_) | Doc::FlexBreak(_)) {
                    break;
                }
                acc = acc.saturating_add(flat_width(d));
            }
            acc
        }
        Doc::Nest(_, d) | Doc::Group(d) => flat_width(d),
        Doc::Break(_) | Doc::FlexBreak(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize) -> Vec<Doc> {
        (0..n).map(|i| Doc::text(format!("item{i:02}"))).collect()
    }

    #[test]
    fn strict_container_breaks_every_item_when_too_wide() {
        let doc = Doc::container("%S{", items(3), "}", true);
        assert_eq!(doc.render(usize::MAX), "%S{item00, item01, item02}");
        assert_eq!(doc.render(10), "%S{\n  item00,\n  item01,\n  item02\n}");
    }

    #[test]
    fn a_flex_break_counts_the_comma_after_the_next_item() {
        // Elixir 1.14: `IO.inspect({String.duplicate("a", 74), 1, 2})` breaks
        // before `1,`, which would end at column 81.
        let a = "a".repeat(74);
        let doc = Doc::container(
            "{",
            vec![
                Doc::text(format!("\"{a}\"")),
                Doc::text("1"),
                Doc::text("2"),
            ],
            "}",
            false,
        );
        assert_eq!(doc.render(80), format!("{{\"{a}\",\n 1, 2}}"));
    }

    #[test]
    fn flex_container_fills_lines() {
        let doc = Doc::container("[", items(4), "]", false);
        assert_eq!(doc.render(20), "[item00, item01,\n item02, item03]");
    }
}
