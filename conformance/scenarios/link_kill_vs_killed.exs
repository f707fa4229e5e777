# exit(:kill) spreads as a trappable :kill; Process.exit(pid, :kill) makes :killed, even if trapping.

parent = self()

got =
  Conf.child(fn ->
    {:ok, pid} = Task.start_link(fn -> Process.sleep(50); exit(:kill) end)
    Conf.wait_down(Process.monitor(pid))
    exit(:survived)
  end)

Conf.puts("linked to a task calling exit(:kill)", got)

{_child, ref} =
  spawn_monitor(fn ->
    {:ok, pid} = Task.start_link(fn -> Process.sleep(:infinity) end)
    send(parent, {:task, pid})
    Process.sleep(:infinity)
  end)

task = Conf.recv(:task)
Conf.puts("Process.exit(task, :kill)", Process.exit(task, :kill))
Conf.puts("linked to a killed task", Conf.wait_down(ref))

got =
  Conf.child(fn ->
    Process.flag(:trap_exit, true)
    {:ok, pid} = Task.start_link(fn -> Process.sleep(50); exit(:kill) end)
    receive do
      {:EXIT, ^pid, reason} -> exit({:trapped, reason})
    end
  end)

Conf.puts("trapping, linked to a task calling exit(:kill)", got)

{child, ref} =
  spawn_monitor(fn ->
    Process.flag(:trap_exit, true)
    send(parent, {:trapping, self()})
    Process.sleep(:infinity)
  end)

Conf.recv(:trapping)
Process.exit(child, :kill)
Conf.puts("trapping process sent :kill", Conf.wait_down(ref))
