//! `task!` from tokens to tokens: parse (`parse.rs`) → validate (`validate.rs`, which
//! converts every value once) → rewrite the Elixir calls in the arguments, once
//! (`body.rs`) → emit.
//!
//! Every verb becomes a call to the runtime function `elixir.rs`'s table names for it
//! (docs/design.md); the pieces are built by `emit.rs`.

use crate::ast::{Body, Checked, CheckedArgs, TaskInput, Verb};
use crate::body::{rewrite_body, rewrite_expr, rewrite_stream_fun};
use crate::elixir::{verb_elixir_name, verb_function};
use crate::emit::{
    TimeoutCheck, async_mfa, builder, future_of, option_call, reference, shutdown_tokens,
    stream_fun, timeout_tokens,
};
use crate::errors::fallback;
use crate::paths::Rt;
use crate::tokens::raw_keyword_calls;
use crate::validate::validate;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

/// `task_impl!{ KRATE; FORM }` → the expansion, or `compile_error!`s in a block (an
/// expression rustc types as an error, so nothing else is reported about it).
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let input = raw_keyword_calls(input);
    syn::parse2::<TaskInput>(input)
        .and_then(|task| {
            let mut form = validate(task.form)?;
            rewrite(&task.rt, &mut form.args);
            Ok(emit_form(&task.rt, form))
        })
        .unwrap_or_else(fallback)
}

/// Rewrites the Elixir calls in every argument that is user code: the subject (run by
/// the caller) and the task's function.
fn rewrite(rt: &Rt, args: &mut CheckedArgs) {
    match args {
        CheckedArgs::Async(body) | CheckedArgs::StartLink(body) | CheckedArgs::Start(body) => {
            rewrite_body(rt, body);
        }
        CheckedArgs::Await { task, .. }
        | CheckedArgs::Yield { task, .. }
        | CheckedArgs::Shutdown { task, .. }
        | CheckedArgs::Ignore { task } => rewrite_expr(rt, task),
        CheckedArgs::Completed { value } => rewrite_expr(rt, value),
        CheckedArgs::AwaitMany { tasks, .. } | CheckedArgs::YieldMany { tasks, .. } => {
            rewrite_expr(rt, tasks);
        }
        CheckedArgs::AsyncStream { items, fun, .. } => {
            rewrite_expr(rt, items);
            rewrite_stream_fun(rt, fun);
        }
    }
}

fn emit_form(rt: &Rt, form: Checked) -> TokenStream {
    let verb_span = form.verb_ident.span();
    // `FUNCTION(ARGS)`, `.await`ed (at the verb) when the runtime function is async.
    let call = |verb: Verb, args: TokenStream| {
        let runtime = verb_function(verb);
        let function = runtime.path(rt);
        let dot_await = runtime.awaited.then(|| quote_spanned!(verb_span=> .await));
        quote!(#function(#args) #dot_await)
    };
    let checked = |verb: Verb| TimeoutCheck::Awaited(verb_elixir_name(verb));
    match form.args {
        CheckedArgs::Async(Body::Call(body)) => async_mfa(rt, body),
        CheckedArgs::Async(body) => call(Verb::Async, future_of(body)),
        CheckedArgs::StartLink(body) => call(Verb::StartLink, future_of(body)),
        CheckedArgs::Start(body) => call(Verb::Start, future_of(body)),
        CheckedArgs::Await { task, timeout } => {
            let timeout = timeout_tokens(rt, timeout, &checked(Verb::Await));
            call(Verb::Await, quote!(#task, #timeout))
        }
        CheckedArgs::Yield { task, timeout } => {
            let timeout = timeout_tokens(rt, timeout, &checked(Verb::Yield));
            let task = reference(task);
            call(Verb::Yield, quote!(#task, #timeout))
        }
        CheckedArgs::Shutdown { task, how } => {
            let how = shutdown_tokens(rt, how, &checked(Verb::Shutdown));
            call(Verb::Shutdown, quote!(#task, #how))
        }
        CheckedArgs::Ignore { task } => call(Verb::Ignore, quote!(#task)),
        CheckedArgs::Completed { value } => call(Verb::Completed, quote!(#value)),
        CheckedArgs::AwaitMany { tasks, timeout } => {
            let timeout = timeout_tokens(rt, timeout, &checked(Verb::AwaitMany));
            call(Verb::AwaitMany, quote!(#tasks, #timeout))
        }
        CheckedArgs::YieldMany {
            tasks,
            timeout,
            options,
        } => {
            let check = checked(Verb::YieldMany);
            let mut builder = builder(rt, "YieldManyOptions");
            if let Some(timeout) = timeout {
                let timeout = timeout_tokens(rt, timeout, &check);
                builder.extend(quote!(.timeout(#timeout)));
            }
            for option in options {
                builder.extend(option_call(rt, &option.name, option.value, &check));
            }
            call(Verb::YieldMany, quote!(#tasks, #builder))
        }
        CheckedArgs::AsyncStream {
            items,
            fun,
            options,
        } => {
            let fun = stream_fun(fun);
            let check = TimeoutCheck::Now(verb_elixir_name(Verb::AsyncStream));
            let mut builder = builder(rt, "StreamOptions");
            for option in options {
                builder.extend(option_call(rt, &option.name, option.value, &check));
            }
            call(Verb::AsyncStream, quote!(#items, #fun, #builder))
        }
    }
}
