# yield returns {:exit, reason} when the crash did not kill the caller first.

task = Task.async(fn -> Process.sleep(100); exit(:normal) end)
Conf.puts("exit(:normal), not trapping", Task.yield(task, 1000))
Conf.puts("messages", Conf.messages())

Process.flag(:trap_exit, true)
task = Task.async(fn -> Process.sleep(100); exit(:boom) end)
Conf.puts("exit(:boom), trapping", Task.yield(task, 1000))
Conf.puts("messages", Conf.messages())
task = Task.async(fn -> Process.sleep(100); raise "boom" end)
Conf.puts("raise, trapping", Task.yield(task, 1000))
Conf.puts("yield again", Task.yield(task, 100))
