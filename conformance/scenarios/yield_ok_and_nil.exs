# yield: nil on timeout (the task stays monitored), then {:ok, value}, then nil again.

task = Task.async(fn -> Process.sleep(400); :slow end)
Conf.puts("yield 100", Task.yield(task, 100))
Conf.puts("yield 2000", Task.yield(task, 2000))
Conf.puts("yield again", Task.yield(task, 100))
Conf.puts("messages", Conf.messages())
task = Task.async(fn -> Process.sleep(100); :default end)
Conf.puts("yield default", Task.yield(task))
