# max_children: start_child returns an error, async and async_nolink raise.
Code.require_file("../support.exs", __DIR__)

{:ok, sup} = Task.Supervisor.start_link(max_children: 1)
{:ok, _} = Task.Supervisor.start_child(sup, fn -> Process.sleep(:infinity) end)
Conf.puts("start_child", Task.Supervisor.start_child(sup, fn -> :ok end))
Conf.puts("async", Conf.catch_raise(fn -> Task.Supervisor.async(sup, fn -> :ok end) end))
Conf.puts("async_nolink", Conf.catch_raise(fn -> Task.Supervisor.async_nolink(sup, fn -> :ok end) end))
Conf.puts("children", length(Task.Supervisor.children(sup)))
