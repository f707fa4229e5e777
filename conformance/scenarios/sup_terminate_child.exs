# Task.Supervisor.terminate_child: :shutdown to the child; a linked caller dies with it.

{:ok, sup} = Task.Supervisor.start_link()
task = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(:infinity) end)
Conf.puts("terminate", Task.Supervisor.terminate_child(sup, task.pid))
Conf.puts("yield", Task.yield(task, 1000))
Conf.puts("terminate again", Task.Supervisor.terminate_child(sup, task.pid))
Conf.puts("children", Task.Supervisor.children(sup))

parent = self()

{_caller, caller_ref} =
  spawn_monitor(fn ->
    task = Task.Supervisor.async(sup, fn -> Process.sleep(:infinity) end)
    send(parent, {:task, task.pid})
    Task.await(task, :infinity)
  end)

task = Conf.recv(:task)
Conf.puts("terminate linked", Task.Supervisor.terminate_child(sup, task))
Conf.puts("non-trapping caller exit", Conf.wait_down(caller_ref))

Process.flag(:trap_exit, true)
task = Task.Supervisor.async(sup, fn -> Process.sleep(:infinity) end)
Conf.puts("terminate linked", Task.Supervisor.terminate_child(sup, task.pid))
Conf.puts("trapping caller, await", Conf.catch_exit(fn -> Task.await(task, 1000) end))
Conf.puts("messages", Conf.messages())
