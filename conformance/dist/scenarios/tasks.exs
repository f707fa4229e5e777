# Task.Supervisor.async on the server node's :tsup, and the server node
# running tasks on this node's Task.Supervisor.
srv = D.srv()
t = Task.Supervisor.async({:tsup, srv}, M, :add, [1, 2])
D.puts("task", t)
D.puts("task node", node(t.pid) == srv)
D.puts("await", Task.await(t))
D.puts("left", D.none())
t = Task.Supervisor.async_nolink({:tsup, srv}, M, :boom, [])
D.puts("nolink crash", Task.yield(t, 5000))
t = Task.Supervisor.async_nolink({:tsup, srv}, M, :nosuch, [])
D.puts("undef", Task.yield(t, 5000))
t = Task.Supervisor.async_nolink({:tsup, srv}, M, :sleep, [400])
D.puts("yield nil", Task.yield(t, 100))
D.puts("then await", Task.await(t))
Process.flag(:trap_exit, true)
t = Task.Supervisor.async({:tsup, srv}, M, :boom, [])
D.puts("linked crash", D.catch_exit(fn -> Task.await(t) end))
D.puts("exit", D.recv())
Process.flag(:trap_exit, false)
# The owner's exit reaches the remote task over the link.
parent = self()
owner = spawn(fn ->
  t = Task.Supervisor.async({:tsup, srv}, M, :sleep, [5000])
  send(parent, {:task_pid, t.pid})
  receive do :die -> exit(:owner_gone) end
end)
{:task_pid, tp} = D.recv()
D.puts("children", Task.Supervisor.children({:tsup, srv}) == [tp])
D.puts("count", DynamicSupervisor.count_children({:tsup, srv}))
ref = Process.monitor(tp)
send(owner, :die)
D.puts("owner gone", D.recv())
D.puts("children after", Task.Supervisor.children({:tsup, srv}))
t = Task.Supervisor.async_nolink({:tsup, srv}, M, :sleep, [5000])
D.puts("shutdown", Task.shutdown(t))
t = Task.Supervisor.async_nolink({:tsup, srv}, M, :sleep, [5000])
D.puts("brutal kill", Task.shutdown(t, :brutal_kill))
_ = ref
# The server node starts tasks here.
defmodule Here do
  def mul(a, b), do: a * b
  def boom, do: exit(:here_boom)
end
{:ok, _} = Task.Supervisor.start_link(name: :ctsup)
ctl = {:ctl, srv}
D.puts("server task", GenServer.call(ctl, {:task, {:ctsup, node()}, Here, :mul, [6, 7]}))
D.puts("server task crash", GenServer.call(ctl, {:task, {:ctsup, node()}, Here, :boom, []}))
D.puts("left", D.none())
