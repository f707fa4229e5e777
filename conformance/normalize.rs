//! Normalises what a conformance scenario printed, so that the output of the
//! real Elixir and of extask can be compared line for line.
//!
//! Pure functions, no dependencies: `tests/conformance.rs` includes this file
//! with `#[path]`, and `conformance/record.sh` compiles it with `rustc` (via
//! `normalize_main.rs`) to normalise what `elixir` prints.
//!
//! The rules, applied in this order:
//!
//! 1. Logger timestamps (`12:07:38.220 ` at the start of a line) are removed.
//! 2. Inspected stacktraces become `[STACK]`: a non-empty list whose elements
//!    are all frames `{module, function, arity_or_args, location}` (location a
//!    list), and any list that is the second element of
//!    `{%SomeException{...}, list}` or of `{:erlang_error, list}` for the
//!    BEAM's error atoms (`:badarg`, `:noproc`, ...), so that extask's `[]`
//!    matches Elixir's frames.
//! 3. Formatted stacktraces (runs of indented lines such as
//!    `    (elixir 1.14.0) lib/task/supervised.ex:89: Task.Supervised.invoke_mfa/2`
//!    or `    scenarios/x.exs:7: anonymous fn/0 in ...`) become one line
//!    `[STACK]` with the indentation of the first.
//! 4. Anonymous functions `#Function<...>` become `#Function<FUN>`.
//! 5. Pids become `#PID<1>`, `#PID<2>`, ... and references `#Reference<1>`,
//!    ... numbered by first appearance in the whole text; another node's
//!    (`#PID<14.110.0>`) become `#PID<N.1>`, whatever that node's number.
//!
//! The result ends with exactly one newline (or is empty).

use std::collections::HashMap;

/// The placeholder for a stacktrace.
pub(crate) const STACK: &str = "[STACK]";

/// Applies every rule (see the module docs) to a scenario's whole output.
pub(crate) fn normalize(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let text = strip_timestamps(&text);
    let text = inspected_stacks(&text);
    let text = formatted_stacks(&text);
    let text = functions(&text);
    let text = number_ids(&text);
    let trimmed = text.trim_end_matches('\n');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("{trimmed}\n")
    }
}

/// Removes a `HH:MM:SS.mmm ` prefix from every line.
pub(crate) fn strip_timestamps(text: &str) -> String {
    map_lines(text, |line| {
        let b = line.as_bytes();
        let is_stamp = b.len() >= 13
            && [0, 1, 3, 4, 6, 7, 9, 10, 11]
                .iter()
                .all(|&i| b[i].is_ascii_digit())
            && b[2] == b':'
            && b[5] == b':'
            && b[8] == b'.'
            && b[12] == b' ';
        if is_stamp {
            line[13..].to_owned()
        } else {
            line.to_owned()
        }
    })
}

fn map_lines(text: &str, f: impl Fn(&str) -> String) -> String {
    let mut out: Vec<String> = text.split('\n').map(f).collect();
    if text.ends_with('\n') {
        // `split` produced a last empty piece; keep the final newline.
        out.pop();
        out.push(String::new());
    }
    out.join("\n")
}

/// The index just past the bracket that closes the one at `open` (`[`, `{`
/// or `(`), skipping over `"..."` and `'...'` literals; `None` if unbalanced.
fn match_close(s: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < s.len() {
        match s[i] {
            b'[' | b'{' | b'(' => depth += 1,
            b']' | b'}' | b')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < s.len() && s[i] != q {
                    if s[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if i >= s.len() {
                    return None;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Splits the inside of a bracket pair at its top-level commas.
fn split_top(s: &str) -> Vec<&str> {
    let b = s.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'[' | b'{' | b'(' | b'"' | b'\'' => match match_close_any(b, i) {
                Some(end) => {
                    i = end;
                    continue;
                }
                None => return vec![s],
            },
            b',' => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&s[start..]);
    parts
}

/// Like [`match_close`], also for a quote at `at`.
fn match_close_any(s: &[u8], at: usize) -> Option<usize> {
    match s[at] {
        q @ (b'"' | b'\'') => {
            let mut i = at + 1;
            while i < s.len() && s[i] != q {
                if s[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            (i < s.len()).then_some(i + 1)
        }
        _ => match_close(s, at),
    }
}

/// `{module, function, arity_or_args, [location...]}`.
fn is_frame(element: &str) -> bool {
    let e = element.trim();
    if !(e.starts_with('{') && e.ends_with('}')) {
        return false;
    }
    let parts = split_top(&e[1..e.len() - 1]);
    if parts.len() != 4 {
        return false;
    }
    let location = parts[3].trim();
    location.starts_with('[') && location.ends_with(']')
}

/// `list` (with its brackets) is a non-empty list of frames.
fn is_stacktrace(list: &str) -> bool {
    let inner = list[1..list.len() - 1].trim();
    !inner.is_empty() && split_top(inner).into_iter().all(is_frame)
}

/// Rule 2: inspected stacktraces.
pub(crate) fn inspected_stacks(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        let stack_end = (b[i] == b'[')
            .then(|| match_close(b, i))
            .flatten()
            .filter(|&end| {
                is_stacktrace(&text[i..end])
                    || follows_exception(text, i, end)
                    || follows_error_atom(text, i, end)
                    || follows_nocatch(text, i, end)
            });
        if let Some(end) = stack_end {
            out.push_str(&text[copied..i]);
            out.push_str(STACK);
            i = end;
            copied = end;
            continue;
        }
        i += 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// The BEAM's error reasons that come with a stacktrace, `{:badarg, stack}`.
const ERROR_ATOMS: &[&str] = &[
    "badarg",
    "badarith",
    "badarity",
    "badfun",
    "function_clause",
    "noproc",
    "system_limit",
    "timeout_value",
    "undef",
];

/// The list at `text[start..end]` is the second element of
/// `{:badarg, list}` (or another of [`ERROR_ATOMS`]).
fn follows_error_atom(text: &str, start: usize, end: usize) -> bool {
    text[end..].starts_with('}')
        && ERROR_ATOMS
            .iter()
            .any(|atom| text[..start].ends_with(&format!("{{:{atom}, ")))
}

/// The list at `text[start..end]` is the second element of
/// `{{:nocatch, value}, list}`, an uncaught throw's reason.
fn follows_nocatch(text: &str, start: usize, end: usize) -> bool {
    if !text[end..].starts_with('}') || !text[..start].ends_with("}, ") {
        return false;
    }
    // Back from the `}` closing the first element to its `{`.
    let b = text.as_bytes();
    let mut depth = 0_usize;
    let mut i = start - 2;
    loop {
        match b[i] {
            b'}' => depth += 1,
            b'{' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        if i == 0 {
            return false;
        }
        i -= 1;
    }
    text[i..].starts_with("{:nocatch, ") && i > 0 && b[i - 1] == b'{'
}

/// The list at `text[start..end]` is the second element of
/// `{%SomeException{...}, list}`.
fn follows_exception(text: &str, start: usize, end: usize) -> bool {
    if !text[end..].starts_with('}') {
        return false;
    }
    let Some(before) = text[..start].strip_suffix(", ") else {
        return false;
    };
    let Some(before) = before.strip_suffix('}') else {
        return false;
    };
    // Find the `%Name{` whose `{` the `}` closes.
    let b = before.as_bytes();
    let mut depth = 1usize;
    let mut i = b.len();
    while i > 0 {
        i -= 1;
        match b[i] {
            b'}' | b']' | b')' => depth += 1,
            b'{' | b'[' | b'(' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
    }
    if depth != 0 {
        return false;
    }
    let head = &before[..i];
    let name_start = head
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
        .map_or(0, |p| p + 1);
    let name = &head[name_start..];
    head[..name_start].ends_with("{%") && name.starts_with(|c: char| c.is_ascii_uppercase())
}

/// One line of a formatted stacktrace, as `Exception.format_stacktrace/1`
/// and crash reports print them (after at least four spaces):
/// `(app vsn) file:line: call`, `(app) call`, or `file:line: call`.
pub(crate) fn is_frame_line(line: &str) -> bool {
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() < 4 {
        return false;
    }
    if let Some(after) = rest.strip_prefix('(') {
        let Some(close) = after.find(") ") else {
            return false;
        };
        let app = &after[..close];
        let mut words = app.split(' ');
        let name_ok = words.next().is_some_and(|w| {
            !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        let vsn_ok = words.all(|w| w.chars().all(|c| c.is_ascii_digit() || c == '.'));
        return name_ok && vsn_ok && !after[close + 2..].is_empty();
    }
    // file:line: call
    let Some(colon) = rest.find(": ") else {
        return false;
    };
    let location = &rest[..colon];
    let Some((file, line_no)) = location.rsplit_once(':') else {
        return false;
    };
    !file.is_empty()
        && !file.contains(' ')
        && file.contains('.')
        && !line_no.is_empty()
        && line_no.chars().all(|c| c.is_ascii_digit())
}

/// Rule 3: formatted stacktraces.
pub(crate) fn formatted_stacks(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut in_stack = false;
    for line in text.split('\n') {
        if is_frame_line(line) {
            if !in_stack {
                let indent = line.len() - line.trim_start_matches(' ').len();
                out.push(format!("{}{STACK}", " ".repeat(indent)));
                in_stack = true;
            }
        } else {
            in_stack = false;
            out.push(line.to_owned());
        }
    }
    out.join("\n")
}

/// Rule 4: `#Function<...>` becomes `#Function<FUN>`.
pub(crate) fn functions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#Function<") {
        let after = &rest[at + "#Function<".len()..];
        let Some(close) = after.find('>') else { break };
        out.push_str(&rest[..at]);
        out.push_str("#Function<FUN>");
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Rule 5: pids and references numbered by first appearance.
pub(crate) fn number_ids(text: &str) -> String {
    let mut pids: HashMap<String, usize> = HashMap::new();
    let mut refs: HashMap<String, usize> = HashMap::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let next_pid = rest.find("#PID<").map(|i| (i, "#PID<"));
        let next_ref = rest.find("#Reference<").map(|i| (i, "#Reference<"));
        let Some((at, prefix)) = (match (next_pid, next_ref) {
            (Some(p), Some(r)) => Some(if p.0 < r.0 { p } else { r }),
            (p, r) => p.or(r),
        }) else {
            break;
        };
        let after = &rest[at + prefix.len()..];
        let Some(close) = after.find('>') else { break };
        let id = &after[..close];
        let table = if prefix == "#PID<" {
            &mut pids
        } else {
            &mut refs
        };
        let next = table.len() + 1;
        let n = *table.entry(id.to_owned()).or_insert(next);
        // Another node's pid or ref keeps that it is one: `#PID<N.3>`.
        let node = if id.starts_with("0.") || !id.contains('.') {
            ""
        } else {
            "N."
        };
        out.push_str(&rest[..at]);
        out.push_str(&format!("{prefix}{node}{n}>"));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pids_and_refs_are_numbered_by_first_appearance() {
        let text = "#PID<0.96.0> #Reference<0.1.2.3> #PID<0.99.0> #PID<0.96.0> #Reference<0.1.2.4>";
        assert_eq!(
            number_ids(text),
            "#PID<1> #Reference<1> #PID<2> #PID<1> #Reference<2>"
        );
    }

    #[test]
    fn another_nodes_pids_and_refs_say_so() {
        let text = "#PID<0.96.0> #PID<14.110.0> #Reference<3.1.2.3> #PID<1.110.0>";
        assert_eq!(
            number_ids(text),
            "#PID<1> #PID<N.2> #Reference<N.1> #PID<N.3>"
        );
    }

    #[test]
    fn timestamps_are_removed() {
        assert_eq!(
            strip_timestamps("12:07:38.220 [error] boom\nkept 12:07:38.220 x\n"),
            "[error] boom\nkept 12:07:38.220 x\n"
        );
    }

    #[test]
    fn an_inspected_beam_stacktrace_becomes_a_placeholder() {
        let text = r#"{%RuntimeError{message: "boom"}, [{:elixir_compiler_0, :"-__FILE__/1-fun-3-", 0, [file: 'scenarios/a.exs', line: 6, error_info: %{module: Exception}]}, {Task.Supervised, :invoke_mfa, 2, [file: 'lib/task/supervised.ex', line: 89]}]}"#;
        assert_eq!(
            inspected_stacks(text),
            r#"{%RuntimeError{message: "boom"}, [STACK]}"#
        );
    }

    #[test]
    fn an_empty_stacktrace_after_an_exception_becomes_a_placeholder() {
        let text = r#"{:EXIT, #PID<0.1.0>, {%RuntimeError{message: "a [b] {c}"}, []}}"#;
        assert_eq!(
            inspected_stacks(text),
            r#"{:EXIT, #PID<0.1.0>, {%RuntimeError{message: "a [b] {c}"}, [STACK]}}"#
        );
    }

    #[test]
    fn an_empty_stacktrace_after_a_nocatch_becomes_a_placeholder() {
        assert_eq!(
            inspected_stacks("{{:nocatch, {:a, 1}}, []}"),
            "{{:nocatch, {:a, 1}}, [STACK]}"
        );
        assert_eq!(inspected_stacks("{{:other, 1}, []}"), "{{:other, 1}, []}");
    }

    #[test]
    fn an_empty_stacktrace_after_an_error_atom_becomes_a_placeholder() {
        assert_eq!(inspected_stacks("{:noproc, []}"), "{:noproc, [STACK]}");
        assert_eq!(inspected_stacks("{:badarg, []}"), "{:badarg, [STACK]}");
        assert_eq!(inspected_stacks("{:ok, []}"), "{:ok, []}");
    }

    #[test]
    fn frames_with_arguments_are_frames() {
        let text = "{:noproc, [{:erlang, :link, [#PID<0.105.0>], [error_info: %{module: :erl_erts_errors}]}, {:m, :f, 1, [file: 'a.exs', line: 9]}]}";
        assert_eq!(inspected_stacks(text), "{:noproc, [STACK]}");
    }

    #[test]
    fn ordinary_lists_are_left_alone() {
        for text in [
            "[ok: 1, exit: :bad, ok: 3]",
            "[{:ok, 10}, nil, {:ok, 50}]",
            "[{:EXIT, #PID<0.1.0>, :normal}]",
            "{:timeout, {Task, :await, [%Task{mfa: {:erlang, :apply, 2}}, 100]}}",
            "[]",
            "{:exit_caught, {:normal, []}}",
            "it isn't [a list",
        ] {
            assert_eq!(inspected_stacks(text), text);
        }
    }

    #[test]
    fn formatted_stacktraces_become_one_placeholder_line() {
        let text = "** (RuntimeError) boom\n    scenarios/a.exs:7: anonymous fn/0 in :elixir_compiler_0.__FILE__/1\n    (elixir 1.14.0) lib/task/supervised.ex:89: Task.Supervised.invoke_mfa/2\n    (stdlib 4.2) proc_lib.erl:240: :proc_lib.init_p_do_apply/3\nFunction: #Function<2.1 in file:a.exs>\n    Args: []";
        assert_eq!(
            formatted_stacks(text),
            "** (RuntimeError) boom\n    [STACK]\nFunction: #Function<2.1 in file:a.exs>\n    Args: []"
        );
    }

    #[test]
    fn frame_lines_need_indentation_and_a_location() {
        assert!(is_frame_line(
            "        (elixir 1.14.0) lib/task.ex:830: Task.await/2"
        ));
        assert!(is_frame_line("    (stdlib) gen.erl:1: :gen.call/4"));
        assert!(!is_frame_line(
            "(elixir 1.14.0) lib/task.ex:830: Task.await/2"
        ));
        assert!(!is_frame_line("    ** (EXIT) time out"));
        assert!(!is_frame_line("    Args: []"));
        assert!(!is_frame_line("    shutdown: 1"));
    }

    #[test]
    fn functions_are_anonymised() {
        assert_eq!(
            functions("Function: #Function<4.13847194 in file:a.exs>\n"),
            "Function: #Function<FUN>\n"
        );
    }

    #[test]
    fn the_whole_pipeline() {
        let elixir = "\n12:00:00.000 [error] Task #PID<0.114.0> started from #PID<0.96.0> terminating\n** (stop) :bad\n    a.exs:7: anonymous fn/0 in :elixir_compiler_0.__FILE__/1\nFunction: #Function<11.4 in file:a.exs>\n    Args: []\n\n";
        assert_eq!(
            normalize(elixir),
            "\n[error] Task #PID<1> started from #PID<2> terminating\n** (stop) :bad\n    [STACK]\nFunction: #Function<FUN>\n    Args: []\n"
        );
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("a\r\nb"), "a\nb\n");
    }
}
