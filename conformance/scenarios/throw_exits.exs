# An uncaught throw/1: the exit reason {{:nocatch, v}, stack} in a process, in
# an awaited task and as a trapped :EXIT, and the crash reports Elixir logs.

log =
  Conf.capture_log(fn ->
    Conf.puts("process", Conf.child(fn -> throw(:ball) end))
    # The VM hands a plain process's crash report to Logger asynchronously
    # (Logger.flush/0 does not wait for it): give it time to arrive before
    # the capture ends. Only the Elixir side needs this.
    Process.sleep(300)
  end)

IO.write(log)

Process.flag(:trap_exit, true)

log =
  Conf.capture_log(fn ->
    task = Task.async(fn -> throw(:task_ball) end)
    {:exit_caught, {reason, {Task, :await, [^task, 5000]}}} = Conf.catch_exit(fn -> Task.await(task) end)
    Conf.puts("await", reason)
    receive do
      {:EXIT, pid, r} when pid == task.pid -> Conf.puts("task's EXIT", r)
    end

    Logger.flush()
  end)

IO.write(log)

log =
  Conf.capture_log(fn ->
    Conf.await_logged(1, fn ->
      pid = spawn_link(fn -> throw({:some, "value"}) end)
      receive do
        {:EXIT, ^pid, reason} -> Conf.puts("trapped", reason)
      end
    end)
  end)

IO.write(log)
