# The Elixir server twin of the cross-node scenarios (`server.rs` is the
# Rust one; keep them in step): the node srv@127.0.0.1 with
# - `:ctl`, a GenServer: `:ready`; `:worker` (a fresh worker's pid);
#   `{:start, name}` (a fresh `Srv` registered as `name`: `{:ok, pid}`);
#   `{:call, to, req, ms}` / `{:stop, to, reason, ms}` / `{:cast, to, msg}`
#   (this node calls a client's server: `{:ok, reply}` or `{:exit, reason}`); `{:task, sup, m, f, args}`
#   (a task on a client's Task.Supervisor, awaited: `{:ok, v}` / `{:exit, r}`);
# - `:echo`, a worker;
# - `:tsup`, a Task.Supervisor running `M`'s functions.
defmodule M do
  def add(a, b), do: a + b
  def boom, do: raise("task boom")
  def sleep(ms), do: (Process.sleep(ms); :slept)
end

defmodule Srv do
  use GenServer
  def init(_), do: {:ok, 0}
  def handle_call(:ping, _, s), do: {:reply, :pong, s}
  def handle_call({:sleep, ms}, _, s), do: (Process.sleep(ms); {:reply, :slept, s})
  def handle_call(:get, _, s), do: {:reply, s, s}
  def handle_call(:crash, _, _), do: exit(:boom)
  def handle_call(:raise, _, _), do: raise("bad")
  def handle_call({:stop, reason}, _, s), do: {:stop, reason, :bye, s}
  def handle_cast({:set, n}, _), do: {:noreply, n}
end

defmodule Worker do
  # What a worker does with each message; it loops until told to exit.
  def loop do
    receive do
      {:exit, reason} ->
        exit(reason)

      :call_crash ->
        {:ok, s} = GenServer.start(Srv, 0)
        GenServer.call(s, :crash)

      {:link_trap, pid, from} ->
        Process.flag(:trap_exit, true)
        Process.link(pid)
        send(from, :linked)
        receive do
          {:EXIT, _, _} = m -> send(from, {:worker_got, m})
        end

      {:monitor, pid, from} ->
        Process.monitor(pid)
        send(from, :monitoring)
        receive do
          {:DOWN, _, _, _, _} = m -> send(from, {:worker_got, m})
        end

      {:inspect, from, term} ->
        send(from, {:inspected, inspect(term)})

      {:ref, from} ->
        send(from, {:ref, make_ref()})

      {from, msg} ->
        send(from, {:echo, self(), msg})
    end

    loop()
  end
end

defmodule Ctl do
  use GenServer
  def init(_), do: {:ok, nil}
  def handle_call(:ready, _, s), do: {:reply, :ready, s}
  def handle_call(:worker, _, s), do: {:reply, spawn(&Worker.loop/0), s}
  def handle_call({:start, name}, _, s), do: {:reply, GenServer.start(Srv, 0, name: name), s}

  def handle_call({:call, to, req, ms}, _, s) do
    r =
      try do
        {:ok, GenServer.call(to, req, ms)}
      catch
        :exit, e -> {:exit, e}
      end

    {:reply, r, s}
  end

  def handle_call({:stop, to, reason, ms}, _, s) do
    r =
      try do
        {:ok, GenServer.stop(to, reason, ms)}
      catch
        :exit, e -> {:exit, e}
      end

    {:reply, r, s}
  end

  def handle_call({:cast, to, msg}, _, s), do: {:reply, GenServer.cast(to, msg), s}

  def handle_call({:task, sup, m, f, args}, _, s) do
    t = Task.Supervisor.async_nolink(sup, m, f, args)
    {:reply, Task.yield(t, 5000) || Task.shutdown(t), s}
  end
end

{:ok, _} = Task.Supervisor.start_link(name: :tsup)
Process.register(spawn(&Worker.loop/0), :echo)
{:ok, _} = GenServer.start(Ctl, nil, name: :ctl)
Process.sleep(:infinity)
