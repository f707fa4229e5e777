# A raise in a linked task: the exit reason is {exception, stacktrace}.

got =
  Conf.child(fn ->
    {:ok, pid} = Task.start_link(fn -> Process.sleep(50); raise "boom" end)
    Conf.wait_down(Process.monitor(pid))
    exit(:survived)
  end)

Conf.puts("linked, not trapping", got)

got =
  Conf.child(fn ->
    {:ok, _pid} = Task.start_link(fn -> Process.sleep(50); raise ArgumentError, "bad arg" end)
    Process.sleep(:infinity)
  end)

Conf.puts("ArgumentError", got)

Process.flag(:trap_exit, true)
{:ok, pid} = Task.start_link(fn -> Process.sleep(50); raise "boom" end)
receive do
  {:EXIT, ^pid, reason} -> Conf.puts("trapping", reason)
end
