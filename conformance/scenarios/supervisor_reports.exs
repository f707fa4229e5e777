# What a supervision tree logs (SASL reports off, the default): a supervised
# Task's crash report names the supervisor as its starter; giving up after
# max_restarts logs nothing more; a supervisor ending abnormally logs a GenServer
# report with OTP's state record.

Process.flag(:trap_exit, true)
parent = self()

log =
  Conf.capture_log(fn ->
    crashing = Supervisor.child_spec({Task, fn -> send(parent, {:ran, self()}); Process.sleep(50); raise "boom" end}, restart: :permanent)
    {:ok, sup} = Supervisor.start_link([crashing], strategy: :one_for_one, max_restarts: 1)
    send(parent, {:sup, sup})
    Conf.wait_down(Process.monitor(sup))
  end)

IO.inspect(Conf.recv(:sup), label: "supervisor")
IO.inspect(Conf.recv(:ran), label: "first run")
IO.inspect(Conf.recv(:ran), label: "second run")
IO.write(log)

w = fn id -> Supervisor.child_spec({Task, fn -> Process.sleep(:infinity) end}, id: id, shutdown: :brutal_kill) end

log =
  Conf.capture_log(fn ->
    {:ok, sup} = Supervisor.start_link([w.(:a)], strategy: :one_for_one)
    send(parent, {:sup, sup})
    ref = Process.monitor(sup)
    Process.exit(sup, :custom)
    Conf.wait_down(ref)
  end)

IO.puts("killed with :custom:")
IO.write(log)

log =
  Conf.capture_log(fn ->
    children = [w.(:b), w.(:a), Supervisor.child_spec(w.(1), restart: :transient), {Task.Supervisor, name: Reports.Tasks}]
    {:ok, sup} = Supervisor.start_link(children, strategy: :rest_for_one, name: Reports.Sup)
    Supervisor.terminate_child(sup, 1)
    Supervisor.stop(sup, {:bye, 1})
  end)

IO.puts("stopped with {:bye, 1}:")
IO.write(log)
