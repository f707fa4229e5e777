# Task.start: not linked, not monitored; a crash affects nobody.

IO.inspect(self())
{:ok, pid} = Task.start(fn -> Process.sleep(100); exit(:bad) end)
ref = Process.monitor(pid)
Conf.puts("down", Conf.wait_down(ref))
Conf.puts("caller alive", Process.alive?(self()))
{:ok, pid} = Task.start(fn -> Process.sleep(100); :discarded end)
ref = Process.monitor(pid)
Conf.puts("down", Conf.wait_down(ref))
Conf.puts("messages", Conf.messages())
