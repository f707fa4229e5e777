//! `GenServer` names: `name:` (local and Registry via-names), calls, casts
//! and stops by name, a taken name.

mod common;
#[path = "common/probe.rs"]
mod probe;

use common::{LONG, run};
use extask::gen_server::{self, Server, StartOptions};
use extask::inspect::inspect;
use extask::{ExitReason, Timeout};
use probe::{Arg, Cast, Probe, Req, Start};

#[test]
fn a_named_server_is_called_by_its_name_and_the_name_is_unique() {
    run(async {
        let opts = || StartOptions::new().name("gs_counter");
        let s = gen_server::start::<Probe>(Arg::new(Start::Ok), opts())
            .await
            .unwrap();
        let named = Server::<Probe>::named("gs_counter");
        gen_server::cast(&named, Cast::Add(3));
        assert_eq!(gen_server::call(&named, Req::Get, LONG).await, 3);
        assert_eq!(Server::<Probe>::whereis("gs_counter"), Some(s.clone()));
        let again = gen_server::start::<Probe>(Arg::new(Start::Ok), opts()).await;
        assert_eq!(
            inspect(&again.err()),
            format!("{{:error, {{:already_started, {:?}}}}}", s.pid())
        );
        gen_server::stop(&named, ExitReason::Normal, Timeout::Infinity).await;
        // Freed with the process.
        assert_eq!(Server::<Probe>::whereis("gs_counter"), None);
        let gone = gen_server::try_call(&named, Req::Get, Timeout::DEFAULT).await;
        assert_eq!(
            inspect(&gone.unwrap_err()),
            "{:noproc, {GenServer, :call, [:gs_counter, :get, 5000]}}"
        );
        let stop = gen_server::try_stop(&named, ExitReason::Normal, Timeout::Infinity).await;
        assert_eq!(
            inspect(&stop.unwrap_err()),
            "{:noproc, {GenServer, :stop, [:gs_counter, :normal, :infinity]}}"
        );
        gen_server::cast(&named, Cast::Add(1));
    });
}

#[test]
fn a_server_can_take_a_registry_via_name() {
    run(async {
        use extask::registry::{Keys, Registry};
        let reg: Registry<&'static str, ()> = Registry::start_link(Keys::Unique, "GsTest.Registry")
            .await
            .unwrap();
        let opts = StartOptions::new().name(reg.via("counter"));
        let s = gen_server::start::<Probe>(Arg::new(Start::Ok), opts)
            .await
            .unwrap();
        let named = Server::<Probe>::named(reg.via("counter"));
        assert_eq!(gen_server::call(&named, Req::Get, LONG).await, 0);
        assert_eq!(reg.lookup(&"counter").first().map(|e| e.0), Some(s.pid()));
        let missing = Server::<Probe>::named(reg.via("missing"));
        let failed = gen_server::try_call(&missing, Req::Get, Timeout::DEFAULT).await;
        assert_eq!(
            inspect(&failed.unwrap_err()),
            r#"{:noproc, {GenServer, :call, [{:via, Registry, {GsTest.Registry, "missing"}}, :get, 5000]}}"#
        );
    });
}
