# start_child restart policies: temporary never, transient on abnormal exits, permanent always.
Code.require_file("../support.exs", __DIR__)

{:ok, sup} = Task.Supervisor.start_link()
parent = self()

# Runs once with `first`, and from the second run on sleeps (so it can be seen alive).
job = fn first ->
  counter = Conf.counter()

  fn ->
    case Conf.bump(counter) do
      1 -> send(parent, {:run, 1}) && first.()
      n -> send(parent, {:run, n}) && Process.sleep(:infinity)
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
  Conf.recv(:run)
  first_exit = Conf.wait_down(Process.monitor(pid))

  # A restart runs the job again at once; none means the supervisor forgot the child.
  restarted =
    receive do
      {:run, 2} -> [new] = Task.Supervisor.children(sup); new != pid
    after
      300 -> false
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
