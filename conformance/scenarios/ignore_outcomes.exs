# ignore: unlinks and forgets the task; it keeps running and its crash no longer matters.

task = Task.async(fn -> Process.sleep(300); exit(:bad) end)
ref = Process.monitor(task.pid)
Conf.puts("ignore running", Task.ignore(task))
Conf.puts("task exit", Conf.wait_down(ref))
Conf.puts("caller alive", Process.alive?(self()))

task = Task.async(fn -> Process.sleep(300); :late end)
ref = Process.monitor(task.pid)
Conf.puts("ignore running", Task.ignore(task))
Conf.puts("task exit", Conf.wait_down(ref))
Conf.puts("messages", Conf.messages())

task = Task.async(fn -> Process.sleep(100); :early end)
ref = Process.monitor(task.pid)
Conf.wait_down(ref)
Conf.puts("ignore replied", Task.ignore(task))

task = Task.async(fn -> Process.sleep(100); exit(:normal) end)
ref = Process.monitor(task.pid)
Conf.wait_down(ref)
Conf.puts("ignore exited :normal", Task.ignore(task))
Conf.puts("messages", Conf.messages())
