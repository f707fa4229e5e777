# $ancestors of a supervisor's children: the supervisor (by name if it has one),
# then its own ancestors; a nested supervisor's child starts with the nested one.

parent = self()
report = fn -> send(parent, {:anc, Process.get(:"$ancestors")}); Process.sleep(:infinity) end
inner = %{id: :inner, start: {Supervisor, :start_link, [[{Task, report}], [strategy: :one_for_one]]}, type: :supervisor}
{:ok, sup} = Supervisor.start_link([{Task, report}, inner], strategy: :one_for_one, name: Anc.Sup)
# The two children report concurrently: told apart by their ancestry's depth.
[task_child, inner_child] = Enum.sort_by([Conf.recv(:anc), Conf.recv(:anc)], &length/1)
Conf.puts("self", self())
Conf.puts("Task child", task_child)
inner_pid = Enum.find_value(Supervisor.which_children(sup), fn {id, pid, _, _} -> id == :inner && pid end)
Conf.puts("inner supervisor", inner_pid)
Conf.puts("child of the inner supervisor", inner_child)
Supervisor.stop(sup)
