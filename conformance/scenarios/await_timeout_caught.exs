# await times out, the exit is caught: the task keeps running, its late reply is dropped.

task = Task.async(fn -> Process.sleep(600); :late end)
ref = Process.monitor(task.pid)
{:exit_caught, reason} = Conf.catch_exit(fn -> Task.await(task, 100) end)
Conf.puts("exit", reason)
IO.puts(Exception.format_exit(reason))
Conf.puts("task alive", Process.alive?(task.pid))
Conf.puts("down", Conf.wait_down(ref))
Conf.puts("messages", Conf.messages())
