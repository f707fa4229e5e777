# Erlang distribution between two Elixir nodes on loopback: a remote round
# trip (send {:ping, self()} to a process of the other node, receive :pong)
# and one-way throughput (messages to a remote process, then one sync);
# the BEAM's side of benches/dist.rs. This node starts distribution itself
# (`epmd -daemon`, as `erl -name` would) and the peer node as a child
# (dist_peer.exs), which halts when this script ends.
Code.require_file("support.exs", __DIR__)

# Modules first: defining one after Node.start/2 renames the node under the
# compiler's feet.
defmodule DistBench do
  # The pid behind {name, peer}, asked until the peer has registered it.
  def pid_of(name, peer, tries \\ 600) do
    Node.connect(peer)
    send({name, peer}, {:pid, self()})

    receive do
      {:pid, pid} -> pid
    after
      100 ->
        if tries == 0, do: raise("no #{name} on #{peer}")
        pid_of(name, peer, tries - 1)
    end
  end

  def round_trips(echo, n) do
    me = self()

    Bench.time(fn ->
      for _ <- 1..n do
        send(echo, {:ping, me})
        receive do: (:pong -> :ok)
      end
    end)
  end

  def one_way(sink, n) do
    me = self()

    Bench.time(fn ->
      for i <- 1..n, do: send(sink, {:msg, i})
      send(sink, {:sync, me})
      receive do: (:synced -> :ok)
    end)
  end
end

System.cmd("epmd", ["-daemon"])
suffix = System.unique_integer([:positive])
{:ok, _} = Node.start(:"extask_bench_a#{suffix}@127.0.0.1", :longnames)
cookie = "extask_bench"
Node.set_cookie(String.to_atom(cookie))
peer = :"extask_bench_b#{suffix}@127.0.0.1"

_port =
  Port.open({:spawn_executable, System.find_executable("elixir")}, [
    :binary,
    args: ["--name", to_string(peer), "--cookie", cookie, Path.join(__DIR__, "dist_peer.exs")]
  ])

echo = DistBench.pid_of(:echo, peer)
sink = DistBench.pid_of(:sink, peer)
n = 20_000
Bench.measure("dist_round_trip", n, fn -> DistBench.round_trips(echo, n) end)
n = 200_000
Bench.measure("dist_one_way", n, fn -> DistBench.one_way(sink, n) end)
