# await in a caller that traps exits: the value, and the :normal EXIT left behind.

Conf.puts("trap_exit was", Process.flag(:trap_exit, true))
task = Task.async(fn -> Process.sleep(100); :done end)
ref = Process.monitor(task.pid)
Conf.puts("await", Task.await(task))
Conf.puts("down", Conf.wait_down(ref))
Conf.puts("messages", Conf.messages())
