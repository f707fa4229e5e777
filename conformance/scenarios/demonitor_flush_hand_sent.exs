# `Process.demonitor(ref, [:flush])` with a hand-sent `:DOWN` of that ref queued:
# a monitor still active flushes nothing (the hand-sent one stays); one that has
# fired removes the oldest `:DOWN` of the ref, here the hand-sent one.

pid = spawn(fn -> receive do :go -> :ok end end)
ref = Process.monitor(pid)
send(self(), {:DOWN, ref, :process, pid, :fake})
Conf.puts("active", Process.demonitor(ref, [:flush]))
Conf.puts("messages", Conf.messages())
receive do {:DOWN, ^ref, _, _, :fake} -> :ok end

ref = Process.monitor(pid)
send(self(), {:DOWN, ref, :process, pid, :fake})
send(pid, :go)
Conf.puts("real exit", Conf.wait_down(Process.monitor(pid)))
Conf.puts("messages", Conf.messages())
Conf.puts("fired", Process.demonitor(ref, [:flush]))
Conf.puts("messages", Conf.messages())
Conf.puts("again", Process.demonitor(ref, [:flush]))
Conf.puts("messages", Conf.messages())
