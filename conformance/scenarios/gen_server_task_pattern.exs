# The Task docs' "Compatibility with OTP behaviours": a GenServer starts
# Task.Supervisor.async_nolink tasks and takes each task's {ref, result} (then
# flushes its :DOWN) or its crash's :DOWN in handle_info; the server lives on.

defmodule Jobs do
  use GenServer

  def init({sup, watcher}), do: {:ok, %{sup: sup, watcher: watcher, refs: %{}}}

  def handle_call({:run, name, ms, outcome}, _from, state) do
    task =
      Task.Supervisor.async_nolink(state.sup, fn ->
        Process.sleep(ms)
        if outcome == :raise, do: raise("oops"), else: outcome
      end)

    {:reply, :started, put_in(state.refs[task.ref], name)}
  end

  def handle_call(:in_flight, _from, state), do: {:reply, map_size(state.refs), state}

  def handle_call(:mailbox, _from, state) do
    {:messages, messages} = Process.info(self(), :messages)
    {:reply, messages, state}
  end

  def handle_info({ref, result}, %{refs: refs} = state) when is_map_key(refs, ref) do
    Process.demonitor(ref, [:flush])
    {name, refs} = Map.pop(refs, ref)
    send(state.watcher, {:settled, name, {:ok, result}})
    {:noreply, %{state | refs: refs}}
  end

  def handle_info({:DOWN, ref, :process, _pid, reason}, %{refs: refs} = state)
      when is_map_key(refs, ref) do
    {name, refs} = Map.pop(refs, ref)
    send(state.watcher, {:settled, name, {:down, reason}})
    {:noreply, %{state | refs: refs}}
  end
end

{:ok, sup} = Task.Supervisor.start_link()
{:ok, server} = GenServer.start_link(Jobs, {sup, self()})
Conf.puts("run fast", GenServer.call(server, {:run, :fast, 200, :fine}))
Conf.puts("run crash", GenServer.call(server, {:run, :crash, 600, :raise}))
Conf.puts("in flight", GenServer.call(server, :in_flight))
Conf.puts("first", receive(do: ({:settled, _, _} = m -> m)))
Conf.puts("second", receive(do: ({:settled, _, _} = m -> m)))
Conf.puts("in flight", GenServer.call(server, :in_flight))
Conf.puts("server mailbox", GenServer.call(server, :mailbox))
Conf.puts("server alive", Process.alive?(server))
Conf.puts("messages", Conf.messages())
