# Task.Supervisor.start_child: fire and forget, not linked to the caller.

{:ok, sup} = Task.Supervisor.start_link()
{:ok, pid} = result = Task.Supervisor.start_child(sup, fn -> Process.sleep(100); exit(:bad) end)
IO.inspect(result)
Conf.puts("child exit", Conf.wait_down(Process.monitor(pid)))
Conf.puts("caller alive", Process.alive?(self()))
{:ok, pid} = Task.Supervisor.start_child(sup, fn -> Process.sleep(100); :discarded end)
Conf.puts("child exit", Conf.wait_down(Process.monitor(pid)))
Conf.puts("children", Task.Supervisor.children(sup))
Conf.puts("messages", Conf.messages())
