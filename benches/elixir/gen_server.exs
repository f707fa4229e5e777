# A GenServer.call round trip to a counter server, and casts (a call every
# 100 casts); the equivalent of benches/gen_server.rs.
Code.require_file("support.exs", __DIR__)

defmodule Counter do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call({:add, k}, _from, n), do: {:reply, n + k, n + k}
  def handle_cast(k, n), do: {:noreply, n + k}

  def calls(iters) do
    {:ok, s} = GenServer.start_link(__MODULE__, 0)
    elapsed = Bench.time(fn -> for _ <- 1..iters, do: GenServer.call(s, {:add, 1}) end)
    GenServer.stop(s)
    elapsed
  end

  def casts(iters) do
    {:ok, s} = GenServer.start_link(__MODULE__, 0)

    elapsed =
      Bench.time(fn ->
        for i <- 1..iters do
          GenServer.cast(s, 1)
          if rem(i, 100) == 0, do: GenServer.call(s, {:add, 0})
        end

        GenServer.call(s, {:add, 0})
      end)

    GenServer.stop(s)
    elapsed
  end
end

n = 100_000
Bench.measure("gen_server_call", n, fn -> Counter.calls(n) end)
Bench.measure("gen_server_cast", n, fn -> Counter.casts(n) end)
