# Using a task again after await, ignore or shutdown consumed it. (In Rust these calls
# take the handle by value, so the reuse below does not compile: a deliberate difference.)

task = Task.async(fn -> :once end)
Conf.puts("first await", Task.await(task))
Conf.puts("second await", Conf.catch_exit(fn -> Task.await(task, 200) end))
Conf.puts("yield after await", Task.yield(task, 100))

task = Task.async(fn -> Process.sleep(100); :value end)
ref = Process.monitor(task.pid)
Conf.puts("await", Task.await(task))
Conf.wait_down(ref)
Conf.puts("shutdown after await", Task.shutdown(task))

task = Task.async(fn -> Process.sleep(200); :ignored end)
ref = Process.monitor(task.pid)
Conf.puts("ignore", Task.ignore(task))
Conf.puts("await after ignore", Conf.catch_exit(fn -> Task.await(task, 100) end))
Conf.puts("yield after ignore", Task.yield(task, 100))
Conf.wait_down(ref)
Conf.puts("shutdown after ignore", Task.shutdown(task))
Conf.puts("messages", Conf.messages())
