# start_child restart policies: temporary never, transient on abnormal exits, permanent always.

{:ok, sup} = Task.Supervisor.start_link()
parent = self()

# The first run reports its pid and waits for :go before doing `first`; later runs
# (restarts) report and then sleep, so they can be seen alive.
job = fn first ->
  counter = Conf.counter()

  fn ->
    n = Conf.bump(counter)
    send(parent, {:run, {n, self()}})

    if n == 1 do
      Conf.recv(:go)
      first.()
    else
      Process.sleep(:infinity)
    end
  end
end

cases = [
  {:temporary, "exit(:bad)", fn -> exit(:bad) end},
  {:transient, "returns", fn -> :ok end},
  {:transient, "exit(:shutdown)", fn -> exit(:shutdown) end},
  {:transient, "exit({:shutdown, 1})", fn -> exit({:shutdown, 1}) end},
  {:transient, "exit(:bad)", fn -> exit(:bad) end},
  {:permanent, "returns", fn -> :ok end}
]

for {restart, label, first} <- cases do
  {:ok, pid} = Task.Supervisor.start_child(sup, job.(first), restart: restart)
  {1, ^pid} = Conf.recv(:run)
  ref = Process.monitor(pid)
  send(pid, {:go, :now})
  first_exit = Conf.wait_down(ref)

  # The supervisor handled the child's exit (and any restart) before this call.
  restarted =
    case Task.Supervisor.children(sup) do
      [] ->
        false

      [new] ->
        {2, ^new} = Conf.recv(:run)
        new != pid
    end

  IO.puts("#{restart}, #{label}: exit #{inspect(first_exit)}, restarted #{restarted}")
  Enum.each(Task.Supervisor.children(sup), &Task.Supervisor.terminate_child(sup, &1))
end

# Too many restarts: the supervisor gives up and exits :shutdown.
{:ok, sup} = Task.Supervisor.start_link(max_restarts: 2)
Process.unlink(sup)
sup_ref = Process.monitor(sup)
counter = Conf.counter()
Task.Supervisor.start_child(sup, fn -> Conf.bump(counter) && exit(:bad) end, restart: :permanent)
Conf.puts("supervisor exit", Conf.wait_down(sup_ref))
Conf.puts("runs", Conf.count(counter))
