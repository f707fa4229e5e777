# The Elixir half of tests/test_dist_calls.rs: a GenServer :exsrv and a
# Task.Supervisor :exsup for the Rust node's calls and tasks; on
# {:go, rust_pid} it runs remote tasks on the Rust node's :rsup and sends
# back what it printed.
defmodule S do
  use GenServer
  def init(_), do: {:ok, 0}
  def handle_call(:ping, _, s), do: {:reply, :pong, s}
  def handle_call({:sleep, ms}, _, s), do: (Process.sleep(ms); {:reply, :slept, s})
  def handle_call(:get, _, s), do: {:reply, s, s}
  def handle_call(:pid, _, s), do: {:reply, self(), s}
  def handle_call(:crash, _, _s), do: exit(:boom)
  def handle_cast({:set, n}, _), do: {:noreply, n}
end
defmodule M do
  def add(a, b), do: a + b
end
{:ok, _} = GenServer.start(S, 0, name: :exsrv)
{:ok, _} = Task.Supervisor.start_link(name: :exsup)
Process.register(self(), :excalls)
r = :"rcalls@127.0.0.1"
t = fn f -> try do inspect(f.()) catch :exit, e -> inspect(e) end end
receive do
  {:go, rust} ->
    lines = [
      t.(fn -> Task.await(Task.Supervisor.async_nolink({:rsup, r}, Calls, :add, [1, 2])) end),
      t.(fn -> elem(Task.await(Task.Supervisor.async_nolink({:rsup, r}, Calls, :boom, [])), 0) end) |> String.slice(0, 40),
      t.(fn -> Task.await(Task.Supervisor.async_nolink({:rsup, r}, Calls, :nosuch, [])) end) |> String.slice(0, 40)
    ]
    send(rust, {:done, lines})
after
  120_000 -> System.halt(2)
end
Process.sleep(:infinity)
