# $callers: each task records its caller chain, most recent first.

IO.inspect(self())

task =
  Task.async(fn ->
    inner = Task.async(fn -> Process.get(:"$callers") end)
    {self(), Process.get(:"$callers"), Task.await(inner)}
  end)

{task_pid, outer, inner} = Task.await(task)
Conf.puts("task", task_pid)
Conf.puts("task $callers", outer)
Conf.puts("inner task $callers", inner)
Conf.puts("own $callers", Process.get(:"$callers"))

parent = self()
{:ok, _} = Task.start(fn -> send(parent, {:callers, Process.get(:"$callers")}) end)
Conf.puts("Task.start $callers", Conf.recv(:callers))
spawned = spawn(fn -> send(parent, {:callers, Process.get(:"$callers")}) end)
Conf.puts("plain spawn $callers", {spawned != nil, Conf.recv(:callers)})
