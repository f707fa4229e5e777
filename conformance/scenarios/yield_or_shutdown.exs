# The idiom Task.yield(task, t) || Task.shutdown(task).

fast = Task.async(fn -> Process.sleep(50); :fast end)
Conf.puts("fast", Task.yield(fast, 1000) || Task.shutdown(fast))
slow = Task.async(fn -> Process.sleep(2000); :slow end)
ref = Process.monitor(slow.pid)
Conf.puts("slow", Task.yield(slow, 100) || Task.shutdown(slow))
Conf.puts("slow exit", Conf.wait_down(ref))
Conf.puts("messages", Conf.messages())
