# shutdown of a task that is already dead: its queued :DOWN decides.

Process.flag(:trap_exit, true)
task = Task.async(fn -> Process.sleep(100); exit(:bad) end)
ref = Process.monitor(task.pid)
Conf.wait_down(ref)
Conf.puts("died :bad", Task.shutdown(task))

task = Task.async(fn -> Process.sleep(100); exit(:shutdown) end)
ref = Process.monitor(task.pid)
Conf.wait_down(ref)
Conf.puts("died :shutdown", Task.shutdown(task))

task = Task.async(fn -> Process.sleep(100); exit(:killed) end)
ref = Process.monitor(task.pid)
Conf.wait_down(ref)
Conf.puts("died :killed, brutal_kill", Task.shutdown(task, :brutal_kill))
Conf.puts("messages", Conf.messages())
