# An uncaught await timeout kills the caller; the link kills the task with the same reason.

parent = self()

{caller, caller_ref} =
  spawn_monitor(fn ->
    task = Task.async(fn -> Process.sleep(2000); :late end)
    send(parent, {:task, task})
    Task.await(task, 300)
  end)

task = Conf.recv(:task)
task_ref = Process.monitor(task.pid)
Conf.puts("caller", caller)
Conf.puts("caller exit", Conf.wait_down(caller_ref))
Conf.puts("task exit", Conf.wait_down(task_ref))
