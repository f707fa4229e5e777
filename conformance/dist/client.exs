# Helpers of every cross-node client scenario (`elixir -r client.exs
# scenarios/NAME.exs`), run on the node `cli_NAME@127.0.0.1` against the
# server node `srv@127.0.0.1`, which is either `server.exs` (Elixir, when
# recording) or `server.rs` (the Rust twin, in tests/conformance_dist.rs).
# Only the client prints, so both runs print through Elixir.
Logger.remove_backend(:console)

defmodule D do
  @moduledoc false

  def srv, do: :"srv@127.0.0.1"

  @doc "Connects to the server node and waits until its `:ctl` answers."
  def connect!(tries \\ 600) do
    ready =
      Node.connect(srv()) &&
        try do
          GenServer.call({:ctl, srv()}, :ready, 1000) == :ready
        catch
          :exit, _ -> false
        end

    cond do
      ready -> :ok
      tries == 0 -> System.halt(3)
      true -> Process.sleep(100) && connect!(tries - 1)
    end
  end

  @doc "Prints `label: inspect(value)` on one line."
  def puts(label, value), do: IO.puts(label <> ": " <> inspect(value))

  @doc "`fun`'s value, or `{:exit, reason}` if it exits (`catch :exit`)."
  def catch_exit(fun) do
    try do
      fun.()
    catch
      :exit, e -> {:exit, e}
    end
  end

  @doc "A fresh worker process on the server node (see server.exs)."
  def worker, do: GenServer.call({:ctl, srv()}, :worker)

  @doc "A fresh `Srv` GenServer on the server node, registered as `name`."
  def start(name), do: GenServer.call({:ctl, srv()}, {:start, name})

  @doc "The next message, or `:timeout`."
  def recv(ms \\ 10_000) do
    receive do
      m -> m
    after
      ms -> :timeout
    end
  end

  @doc "`:none` if no message comes within `ms` (the check that nothing is left)."
  def none(ms \\ 300) do
    receive do
      m -> {:unexpected, m}
    after
      ms -> :none
    end
  end
end

D.connect!()
