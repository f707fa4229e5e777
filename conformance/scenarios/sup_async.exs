# Task.Supervisor.async: a supervised, linked task used like Task.async.

IO.inspect(self())
{:ok, sup} = Task.Supervisor.start_link()
task = Task.Supervisor.async(sup, fn -> Process.sleep(200); :supervised end)
IO.inspect(task)
ref = Process.monitor(task.pid)
Conf.puts("children", Task.Supervisor.children(sup) == [task.pid])
Conf.puts("await", Task.await(task))
Conf.puts("task exit", Conf.wait_down(ref))
Conf.puts("children after", Task.Supervisor.children(sup))
Conf.puts("messages", Conf.messages())

got =
  Conf.child(fn ->
    task = Task.Supervisor.async(sup, fn -> Process.sleep(100); exit(:bad) end)
    Task.await(task)
  end)

Conf.puts("crash, not trapping caller exit", got)
Conf.puts("supervisor alive", Process.alive?(sup))
Conf.puts("supervised $callers", Task.await(Task.Supervisor.async(sup, fn -> Process.get(:"$callers") end)))
