# What start/start_link return for each init/1 outcome, handle_continue before any
# message, and a taken name.

defmodule Init do
  use GenServer
  def init(:ok), do: {:ok, :s}
  def init(:ignore), do: :ignore
  def init(:stop), do: {:stop, :bad}
  def init(:raise), do: raise("init boom")
  def init(:slow), do: (Process.sleep(1000); {:ok, :s})
  def init({:continue, to}) do
    send(self(), :from_init)
    {:ok, to, {:continue, :go}}
  end
  def handle_continue(c, to), do: (send(to, {:seen, {:continue, c}}); {:noreply, to})
  def handle_info(m, to), do: (send(to, {:seen, m}); {:noreply, to})
end

for arg <- [:ok, :ignore, :stop, :raise] do
  result = GenServer.start(Init, arg)
  shown = with {:ok, pid} when is_pid(pid) <- result, do: :ok_pid
  Conf.puts(inspect(arg), shown)
end
Conf.puts("slow", GenServer.start(Init, :slow, timeout: 100))
Conf.puts("messages", Conf.messages())

{:ok, _} = GenServer.start(Init, {:continue, self()})
Conf.puts("first", Conf.recv(:seen))
Conf.puts("second", Conf.recv(:seen))

Process.flag(:trap_exit, true)
Conf.puts("start_link stop", GenServer.start_link(Init, :stop))
receive do
  {:EXIT, _pid, reason} -> Conf.puts("exit", reason)
end
Process.flag(:trap_exit, false)

Conf.puts("linked caller", Conf.child(fn -> GenServer.start_link(Init, :stop); Process.sleep(:infinity) end))

{:ok, named} = GenServer.start(Init, :ok, name: :gs_init_named)
{:error, {:already_started, holder}} = GenServer.start(Init, :ok, name: :gs_init_named)
Conf.puts("already started by it", holder == named)
Conf.puts("whereis", GenServer.whereis(:gs_init_named) == named)
