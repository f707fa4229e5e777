# Child specs as Elixir prints them; a Task, a Task.Supervisor and a nested
# supervisor as children.

Conf.puts("Task.child_spec", Task.child_spec(fn -> :ok end))
Conf.puts("overridden", Supervisor.child_spec({Task, fn -> :ok end}, id: :other, restart: :permanent))
Conf.puts("shutdown given", Supervisor.child_spec(%{id: :a, start: {:erlang, :apply, [fn -> :ignore end, []]}}, shutdown: :brutal_kill))
Conf.puts("Task.Supervisor.child_spec", Task.Supervisor.child_spec([]))
Conf.puts("named", Task.Supervisor.child_spec(name: Specs.Tasks))

parent = self()

children = [
  {Task.Supervisor, name: Specs.Tasks},
  {Task, fn -> send(parent, {:ran, self()}); Process.sleep(:infinity) end},
  %{id: :inner, start: {Supervisor, :start_link, [[{Task, fn -> Process.sleep(:infinity) end}], [strategy: :one_for_one]]}, type: :supervisor}
]

{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one)
task = Conf.recv(:ran)
tasks = Process.whereis(Specs.Tasks)
[{:inner, inner, :supervisor, [Supervisor]}, {Task, ^task, :worker, [Task]}, {Specs.Tasks, ^tasks, :supervisor, [Task.Supervisor]}] = Supervisor.which_children(sup)
Conf.puts("which_children", Supervisor.which_children(sup))
Conf.puts("count_children", Supervisor.count_children(sup))
Conf.puts("inner count_children", Supervisor.count_children(inner))
Conf.puts("async_nolink under the tree", Task.Supervisor.async_nolink(Specs.Tasks, fn -> 42 end) |> Task.await())
ref = Process.monitor(task)
Process.exit(task, :kill)
Conf.wait_down(ref)
Conf.puts("after the temporary Task was killed", Enum.map(Supervisor.which_children(sup), &elem(&1, 0)))
Conf.puts("stop", Supervisor.stop(sup))
Conf.puts("Task.Supervisor gone", {Process.alive?(tasks), Process.whereis(Specs.Tasks)})
Conf.puts("inner gone", Process.alive?(inner))
