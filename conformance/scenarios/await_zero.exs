# await(task, 0) returns a reply already queued, else exits :timeout at once.

task = Task.async(fn -> Process.sleep(100); :ready end)
ref = Process.monitor(task.pid)
Conf.wait_down(ref)
Conf.puts("queued", Task.await(task, 0))
slow = Task.async(fn -> Process.sleep(500); :slow end)
Conf.puts("not yet", Conf.catch_exit(fn -> Task.await(slow, 0) end))
Conf.puts("infinity", Task.await(Task.async(fn -> :inf end), :infinity))
