# shutdown after the task has replied returns {:ok, reply}.

task = Task.async(fn -> Process.sleep(100); :done end)
ref = Process.monitor(task.pid)
Conf.wait_down(ref)
Conf.puts("shutdown", Task.shutdown(task))
task = Task.async(fn -> Process.sleep(100); :done_too end)
ref = Process.monitor(task.pid)
Conf.wait_down(ref)
Conf.puts("brutal_kill", Task.shutdown(task, :brutal_kill))
Conf.puts("messages", Conf.messages())
