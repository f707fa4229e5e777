// The Elixir calls a body knows, as written.
async fn ->
    let me = self();
    let worker = Task.async(|| async { 1 });
    Process.send(me, "hello");
    send(me, "hi");
    let alive = Process.alive?(me);
    let value = Task.await(worker, 1_000);
    IO.inspect((alive, value))
end
