//! EPMD started if absent, as `erl -name` does, and the start that
//! `#[extask::main(node = ..)]` expands to.

use super::{DistError, Options};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

/// Makes sure an EPMD listens on `port` of this host: if nothing answers
/// there, runs `epmd -daemon -port PORT` (what `erl -name` and `elixir
/// --name` do before registering) and waits up to 5 s for it to listen.
/// [`start`](super::start) itself does not start EPMD, as `Node.start/2`
/// does not.
///
/// ```no_run
/// # async fn demo() -> Result<(), task_runtime::dist::DistError> {
/// use task_runtime::dist;
/// dist::ensure_epmd(4369).await?; // what #[extask::main(node = ..)] does first
/// dist::start("rust@127.0.0.1", "cookie").await?;
/// # Ok(()) }
/// # fn main() { let _ = demo(); }
/// ```
pub async fn ensure_epmd(port: u16) -> Result<(), DistError> {
    if listening(port).await {
        return Ok(());
    }
    let spawn = tokio::task::spawn_blocking(move || {
        std::process::Command::new("epmd")
            .args(["-daemon", "-port", &port.to_string()])
            .status()
    });
    match spawn.await {
        Ok(Ok(status)) if status.success() => {}
        Ok(Ok(status)) => {
            return Err(DistError::Epmd(format!(
                "`epmd -daemon` exited with {status}"
            )));
        }
        Ok(Err(e)) => return Err(DistError::Io("run epmd", e)),
        Err(e) => return Err(DistError::Epmd(format!("`epmd -daemon` did not run: {e}"))),
    }
    let started = Instant::now();
    while !listening(port).await {
        if started.elapsed() > Duration::from_secs(5) {
            return Err(DistError::Epmd(format!(
                "epmd was started but does not listen on port {port}"
            )));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}

async fn listening(port: u16) -> bool {
    TcpStream::connect(("127.0.0.1", port)).await.is_ok()
}

/// What `#[extask::main(node = "..", cookie = "..")]` runs before the body:
/// [`ensure_epmd`], then [`start_with`](super::start_with). A node that
/// cannot start ends the program with status 1 and the reason on stderr, as
/// `elixir --name` does.
#[doc(hidden)]
pub async fn start_main(options: Options) {
    let name = options.name.clone();
    let started = match ensure_epmd(options.epmd_port).await {
        Ok(()) => super::start_with(options).await,
        Err(e) => Err(e),
    };
    if let Err(e) = started {
        eprintln!("** (DistError) the node {name} could not start: {e}");
        std::process::exit(1);
    }
}
