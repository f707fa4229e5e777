//! What travels between a client and a server: the wire protocol a process
//! written by hand sees and answers, and messages whose printing fails.

mod common;

use common::{LONG, recv, run};
use extask::gen_server::{self, GenCall, Protocol, Server, StartOptions};
use extask::inspect::inspect;
use extask::{Timeout, process};

/// A process written by hand that serves calls (`{:"$gen_call", from, req}`).
struct Echo;

impl Protocol for Echo {
    type Call = &'static str;
    type Reply = String;
    type Cast = ();
}

#[test]
fn a_raw_process_can_serve_calls_by_the_wire_protocol() {
    run(async {
        let me = process::self_pid();
        let raw = process::spawn(async move {
            let call = process::receive_with(
                extask::messages::take::<GenCall<&'static str, String>>,
                Timeout::Infinity,
            )
            .await
            .unwrap();
            process::send(me, inspect(&call));
            gen_server::reply(call.from, format!("echo {}", call.request));
        });
        let server = Server::<Echo>::from_pid(raw);
        assert_eq!(gen_server::call(&server, "hi", LONG).await, "echo hi");
        let seen = recv::<String>(LONG).await.unwrap();
        let shape = format!("{{:\"$gen_call\", {{{me:?}, [:alias | #Reference<");
        assert!(
            seen.starts_with(&shape) && seen.ends_with(">]}, \"hi\"}"),
            "{seen}"
        );
    });
}

/// A message whose `Inspect` panics.
struct Bomb;

impl extask::inspect::Inspect for Bomb {
    fn to_doc(&self) -> extask::inspect::Doc {
        panic!("deliberate panic: Inspect of a message")
    }
}

struct Fragile;

impl extask::inspect::Inspect for Fragile {
    fn to_doc(&self) -> extask::inspect::Doc {
        extask::inspect::Doc::text(":fragile")
    }
}

impl Protocol for Fragile {
    type Call = ();
    type Reply = u8;
    type Cast = ();
}

impl gen_server::GenServer for Fragile {
    type Arg = ();
    type Info = Bomb;
    type Continue = ();

    async fn init((): ()) -> gen_server::Init<Self> {
        gen_server::Init::Ok(Fragile)
    }

    async fn handle_call(
        &mut self,
        (): (),
        _: gen_server::Caller<u8>,
    ) -> gen_server::CallReturn<Self> {
        gen_server::CallReturn::Reply(1)
    }

    async fn handle_info(&mut self, _: gen_server::Info<Bomb>) -> gen_server::Return<Self> {
        gen_server::Return::NoReply
    }
}

#[test]
fn a_message_that_cannot_be_printed_does_not_crash_the_server() {
    common::quiet_deliberate_panics();
    run(async {
        let s = gen_server::start_link::<Fragile>((), StartOptions::new())
            .await
            .unwrap();
        process::send(s.pid(), Bomb);
        assert_eq!(gen_server::call(&s, (), LONG).await, 1);
    });
}
