# The crash report of a task that raises (Logger output, fixed format).

IO.inspect(self())

log =
  Conf.capture_log(fn ->
    {:ok, pid} = Task.start(fn -> raise "boom" end)
    Conf.wait_down(Process.monitor(pid))
  end)

IO.write(log)

Process.flag(:trap_exit, true)

log =
  Conf.capture_log(fn ->
    task = Task.async(fn -> Process.sleep(50); raise ArgumentError, "bad argument" end)
    Conf.catch_exit(fn -> Task.await(task) end)
  end)

IO.write(log)
