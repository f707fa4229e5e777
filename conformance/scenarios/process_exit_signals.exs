# Process.exit/2 with :normal and other reasons, to others and to self, trapping or not.

parent = self()

waiter = fn trapping ->
  spawn_monitor(fn ->
    Process.flag(:trap_exit, trapping)
    send(parent, {:ready, self()})

    receive do
      :go -> exit(:survived)
      {:EXIT, from, reason} -> exit({:trapped, from == parent, reason})
    end
  end)
end

{pid, ref} = waiter.(false)
Conf.recv(:ready)
Conf.puts("Process.exit(other, :normal)", Process.exit(pid, :normal))
send(pid, :go)
Conf.puts("  not trapping", Conf.wait_down(ref))

{pid, ref} = waiter.(true)
Conf.recv(:ready)
Process.exit(pid, :normal)
Conf.puts("  trapping", Conf.wait_down(ref))

{pid, ref} = waiter.(false)
Conf.recv(:ready)
Process.exit(pid, :custom)
Conf.puts("Process.exit(other, :custom), not trapping", Conf.wait_down(ref))

{pid, ref} = waiter.(true)
Conf.recv(:ready)
Process.exit(pid, :custom)
Conf.puts("  trapping", Conf.wait_down(ref))

got =
  Conf.child(fn ->
    Process.exit(self(), :normal)
    Process.sleep(1000)
    exit(:survived)
  end)

Conf.puts("Process.exit(self(), :normal), not trapping", got)

got =
  Conf.child(fn ->
    Process.flag(:trap_exit, true)
    me = self()
    Process.exit(self(), :normal)
    receive do
      {:EXIT, ^me, reason} -> exit({:trapped_own, reason})
    end
  end)

Conf.puts("  trapping", got)
