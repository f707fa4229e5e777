# max_children: start_child returns an error, async and async_nolink raise.

{:ok, sup} = Task.Supervisor.start_link(max_children: 1)
{:ok, _} = Task.Supervisor.start_child(sup, fn -> Process.sleep(:infinity) end)
Conf.puts("start_child", Task.Supervisor.start_child(sup, fn -> :ok end))
Conf.puts("async raises", Conf.child(fn -> Task.Supervisor.async(sup, fn -> :ok end) end))
Conf.puts("async_nolink raises", Conf.child(fn -> Task.Supervisor.async_nolink(sup, fn -> :ok end) end))
Conf.puts("children", length(Task.Supervisor.children(sup)))
