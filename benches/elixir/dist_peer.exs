# The peer node of the distribution benchmarks: an `:echo` process (a round
# trip: {:ping, from} -> :pong) and a `:sink` (one-way messages, dropped;
# {:sync, from} -> :synced once every message before it was taken). Started
# by benches/dist.rs (extask <-> Elixir) and by dist.exs (Elixir <-> Elixir)
# as `elixir --name NODE --cookie C dist_peer.exs`; it halts when its stdin
# closes, i.e. when the benchmark that started it ends.
defmodule DistPeer do
  def echo do
    receive do
      {:ping, from} -> send(from, :pong)
      {:pid, from} -> send(from, {:pid, self()})
    end

    echo()
  end

  def sink do
    receive do
      {:sync, from} -> send(from, :synced)
      {:pid, from} -> send(from, {:pid, self()})
      _ -> :ok
    end

    sink()
  end

  def wait_for_eof do
    case IO.read(:stdio, :line) do
      :eof -> System.halt(0)
      {:error, _} -> System.halt(0)
      _ -> wait_for_eof()
    end
  end
end

Process.register(spawn(&DistPeer.echo/0), :echo)
Process.register(spawn(&DistPeer.sink/0), :sink)
DistPeer.wait_for_eof()
