# Agent: get/update/get_and_update/cast/stop, and the exits of its failed calls.

{:ok, a} = Agent.start_link(fn -> [1] end)
Conf.puts("update", Agent.update(a, fn v -> v ++ [2] end))
Conf.puts("get_and_update", Agent.get_and_update(a, fn v -> {v, []} end))
Conf.puts("cast", Agent.cast(a, fn v -> v ++ [3] end))
Conf.puts("get", Agent.get(a, fn v -> v end))
Conf.puts("runs in the agent", Agent.get(a, fn _ -> self() end) == a)

{:timeout, {GenServer, :call, [^a, {:update, f}, 10]}} =
  Conf.catch_exit(fn -> Agent.update(a, fn v -> Process.sleep(100); v ++ [4] end, 10) end)
  |> elem(1)
Conf.puts("timeout fun", is_function(f, 1))
Conf.puts("finished anyway", Agent.get(a, & &1))
Conf.puts("messages", Conf.messages())
Conf.puts("stop", Agent.stop(a))

{:ok, b} = Agent.start(fn -> 0 end)
ref = Process.monitor(b)
{:exit, {{reason, _stack}, {GenServer, :call, [^b, {:get, _}, 5000]}}} =
  (try do
     Agent.get(b, fn _ -> raise "boom" end)
   catch
     :exit, r -> {:exit, r}
   end)
Conf.puts("raised", reason)
Conf.puts("agent", Conf.wait_down(ref))
{:exit_caught, {:noproc, {GenServer, :call, [^b, {:get, _}, 5000]}}} =
  Conf.catch_exit(fn -> Agent.get(b, & &1) end)
Conf.puts("dead get", :noproc)
Conf.puts("dead stop", Conf.catch_exit(fn -> Agent.stop(b) end))
Conf.puts("dead cast", Agent.cast(b, & &1))
Conf.puts("init raise", Agent.start(fn -> raise "init" end))
