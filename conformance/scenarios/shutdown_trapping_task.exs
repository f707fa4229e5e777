# shutdown of tasks that trap exits: what they do with the :shutdown signal decides.

parent = self()

start = fn on_shutdown ->
  task =
    Task.async(fn ->
      Process.flag(:trap_exit, true)
      send(parent, {:trapping, self()})
      on_shutdown.()
    end)

  Conf.recv(:trapping)
  task
end

ignores = fn -> Process.sleep(:infinity) end

task = start.(ignores)
ref = Process.monitor(task.pid)
Conf.puts("ignores it, shutdown 200", Task.shutdown(task, 200))
Conf.puts("task exit", Conf.wait_down(ref))

task = start.(ignores)
ref = Process.monitor(task.pid)
Conf.puts("ignores it, brutal_kill", Task.shutdown(task, :brutal_kill))
Conf.puts("task exit", Conf.wait_down(ref))

task = start.(fn -> receive do {:EXIT, _, :shutdown} -> :cleaned_up end end)
Conf.puts("returns a value", Task.shutdown(task, 1000))

task = start.(fn -> receive do {:EXIT, _, :shutdown} -> exit(:shutdown) end end)
Conf.puts("exits :shutdown", Task.shutdown(task, 1000))

task = start.(fn -> receive do {:EXIT, _, :shutdown} -> exit(:custom) end end)
Conf.puts("exits :custom", Task.shutdown(task, 1000))
Conf.puts("messages", Conf.messages())
