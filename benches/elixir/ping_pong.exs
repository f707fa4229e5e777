# A message round trip between two processes (send + selective receive each
# way), plain and with 100 unrelated messages in the caller's mailbox; the
# equivalent of benches/ping_pong.rs.
Code.require_file("support.exs", __DIR__)

defmodule Echo do
  def loop do
    receive do
      {:ping, from} -> send(from, :pong)
    end

    loop()
  end

  def round_trips(n, unrelated) do
    me = self()
    for _ <- 1..unrelated//1, do: send(me, :unrelated)
    echo = spawn(&loop/0)

    elapsed =
      Bench.time(fn ->
        for _ <- 1..n do
          send(echo, {:ping, me})
          receive do: (:pong -> :ok)
        end
      end)

    Process.exit(echo, :kill)
    flush()
    elapsed
  end

  defp flush do
    receive do
      :unrelated -> flush()
    after
      0 -> :ok
    end
  end
end

n = 100_000
Bench.measure("ping_pong", n, fn -> Echo.round_trips(n, 0) end)
Bench.measure("ping_pong_skip_100", n, fn -> Echo.round_trips(n, 100) end)
