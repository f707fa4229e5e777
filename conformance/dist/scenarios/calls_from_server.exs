# The server node calls a GenServer of this node: GenServer.call from
# Rust to Elixir with Elixir's exits, and a cast.
defmodule Cs do
  use GenServer
  def init(_), do: {:ok, 0}
  def handle_call(:ping, _, s), do: {:reply, :pong, s}
  def handle_call(:get, _, s), do: {:reply, s, s}
  def handle_call({:sleep, ms}, _, s), do: (Process.sleep(ms); {:reply, :slept, s})
  def handle_call(:crash, _, _), do: exit({:boom, [1, 2]})
  def handle_cast({:set, n}, _), do: {:noreply, n}
end

srv = D.srv()
{:ok, cs} = GenServer.start(Cs, 0, name: :cs)
ctl = {:ctl, srv}
D.puts("ping", GenServer.call(ctl, {:call, {:cs, node()}, :ping, 5000}))
D.puts("by pid", GenServer.call(ctl, {:call, cs, :ping, 5000}))
D.puts("cast", GenServer.call(ctl, {:cast, {:cs, node()}, {:set, 3}}))
D.puts("get", GenServer.call(ctl, {:call, {:cs, node()}, :get, 5000}))
D.puts("timeout", GenServer.call(ctl, {:call, {:cs, node()}, {:sleep, 300}, 100}))
D.puts("noproc", GenServer.call(ctl, {:call, {:nosuch, node()}, :ping, 5000}))
D.puts("nodedown", GenServer.call(ctl, {:call, {:x, :"nowhere@127.0.0.1"}, :ping, 5000}))
D.puts("crash", GenServer.call(ctl, {:call, cs, :crash, 5000}))
D.puts("after crash", GenServer.call(ctl, {:call, {:cs, node()}, :ping, :infinity}))
{:ok, cs2} = GenServer.start(Cs, 0, name: :cs2)
ref = Process.monitor(cs2)
D.puts("stop", GenServer.call(ctl, {:stop, {:cs2, node()}, {:shutdown, :bye}, 5000}))
D.puts("stopped", D.recv())
{:ok, cs3} = GenServer.start(Cs, 0)
D.puts("stop by pid", GenServer.call(ctl, {:stop, cs3, :normal, :infinity}))
D.puts("stop missing", GenServer.call(ctl, {:stop, {:nosuch, node()}, :normal, 5000}))
D.puts("left", D.none())
_ = ref
