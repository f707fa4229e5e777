# Local names: Process.register/whereis/unregister, sending to a name, the
# errors for a taken name, a named process, a dead pid and an unknown name,
# and the name freed when its process exits.

me = self()
Conf.puts("register", Process.register(me, :conf_me))
Conf.puts("whereis", Process.whereis(:conf_me) == me)
Conf.puts("whereis unknown", Process.whereis(:conf_nobody))
Conf.puts("registered", :conf_me in Process.registered())
send(:conf_me, {:hi, 1})
Conf.puts("sent to the name", Conf.recv(:hi))
Conf.puts("taken, same pid", Conf.catch_raise(fn -> Process.register(me, :conf_me) end))
Conf.puts("named already", Conf.catch_raise(fn -> Process.register(me, :conf_second) end))

other = spawn(fn -> receive do :stop -> :ok end end)
Conf.puts("taken by another", Conf.catch_raise(fn -> Process.register(other, :conf_me) end))
Conf.puts("nil", Conf.catch_raise(fn -> Process.register(other, nil) end))

{dead, ref} = spawn_monitor(fn -> :ok end)
Conf.wait_down(ref)
Conf.puts("dead pid", Conf.catch_raise(fn -> Process.register(dead, :conf_dead) end))

Conf.puts("unregister", Process.unregister(:conf_me))
Conf.puts("whereis after", Process.whereis(:conf_me))
Conf.puts("unregister unknown", Conf.catch_raise(fn -> Process.unregister(:conf_me) end))
Conf.puts("send to unknown", Conf.catch_raise(fn -> send(:conf_me, :hi) end))

Conf.puts("register other", Process.register(other, :conf_other))
ref = Process.monitor(other)
send(other, :stop)
Conf.puts("down", Conf.wait_down(ref))
Conf.puts("whereis at :DOWN", Process.whereis(:conf_other))
Conf.puts("free again", Process.register(me, :conf_other))
