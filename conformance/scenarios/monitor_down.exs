# Monitors: one :DOWN per monitor, :noproc for dead pids, demonitor and its options.

pid = spawn(fn -> Process.sleep(200); exit(:bad) end)
ref1 = Process.monitor(pid)
ref2 = Process.monitor(pid)
Conf.puts("two monitors, distinct refs", ref1 != ref2)
Conf.puts("first", Conf.wait_down(ref1))
Conf.puts("second", Conf.wait_down(ref2))
Conf.puts("alive?", Process.alive?(pid))
ref = Process.monitor(pid)
Conf.puts("dead pid", Conf.wait_down(ref))
Conf.puts("demonitor :info after it fired", Process.demonitor(ref, [:info]))
Conf.puts("demonitor after it fired", Process.demonitor(ref))

# :flush removes the monitor and its :DOWN whether or not the :DOWN has arrived yet.
pid = spawn(fn -> Process.sleep(100); exit(:bye) end)
ref = Process.monitor(pid)
guard = Process.monitor(pid)
Conf.puts("guard", Conf.wait_down(guard))
Conf.puts("demonitor :flush", Process.demonitor(ref, [:flush]))
Conf.puts("messages", Conf.messages())

live = spawn(fn -> Process.sleep(300); exit(:late) end)
ref = Process.monitor(live)
guard = Process.monitor(live)
Conf.puts("demonitor :info while alive", Process.demonitor(ref, [:info]))
Conf.puts("demonitor again, :info", Process.demonitor(ref, [:info]))
Conf.puts("demonitor again", Process.demonitor(ref))
Conf.puts("guard", Conf.wait_down(guard))
Conf.puts("messages", Conf.messages())

ref = Process.monitor(spawn(fn -> Process.sleep(100) end))
receive do
  {:DOWN, ^ref, :process, pid, reason} -> Conf.puts("DOWN", {:DOWN, ref, :process, pid, reason})
end
