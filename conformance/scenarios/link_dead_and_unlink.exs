# Linking to a dead process, and unlinking.

{dead, ref} = spawn_monitor(fn -> :ok end)
Conf.wait_down(ref)

got =
  Conf.child(fn ->
    Process.link(dead)
    exit(:survived)
  end)

Conf.puts("link to a dead pid, not trapping", got)

got =
  Conf.child(fn ->
    Process.flag(:trap_exit, true)
    linked = Process.link(dead)

    receive do
      {:EXIT, ^dead, reason} -> exit({:linked, linked, :EXIT, reason})
    end
  end)

Conf.puts("link to a dead pid, trapping", got)

got =
  Conf.child(fn ->
    {:ok, pid} = Task.start_link(fn -> Process.sleep(200); exit(:bad) end)
    unlinked = Process.unlink(pid)
    Conf.wait_down(Process.monitor(pid))
    exit({:survived, unlinked, Process.unlink(pid)})
  end)

Conf.puts("unlinked before the crash", got)
Conf.puts("link to self", Process.link(self()))
