# Supervisor: which exits restart a permanent, transient or temporary child, and
# max_restarts: the supervisor gives up with :shutdown after one restart too many.

defmodule W do
  def start_link(id, parent) do
    pid =
      spawn_link(fn ->
        receive do
          {:crash, reason} -> exit(reason)
        end
      end)

    send(parent, {:event, {:start, id}})
    {:ok, pid}
  end

  def spec(id, parent, restart),
    do: %{id: id, restart: restart, start: {:erlang, :apply, [fn -> start_link(id, parent) end, []]}}
end

parent = self()
Process.flag(:trap_exit, true)

crash = fn sup, reason ->
  [{_, pid, _, _}] = Supervisor.which_children(sup)
  ref = Process.monitor(pid)
  send(pid, {:crash, reason})
  Conf.wait_down(ref)
end

for reason <- [:normal, :shutdown, {:shutdown, :x}, :boom, :kill],
    restart <- [:permanent, :transient, :temporary] do
  {:ok, sup} = Supervisor.start_link([W.spec(:c, parent, restart)], strategy: :one_for_one)
  Conf.recv(:event)
  crash.(sup, reason)

  listed =
    case Supervisor.which_children(sup) do
      [{:c, pid, :worker, _}] when is_pid(pid) -> Conf.recv(:event) && :restarted
      other -> other
    end

  IO.puts("#{inspect(reason)}, #{restart}: #{inspect(listed)}, #{inspect(Supervisor.count_children(sup))}")
  Supervisor.stop(sup)
end

for max <- [0, 1, 3] do
  {:ok, sup} = Supervisor.start_link([W.spec(:c, parent, :permanent)], strategy: :one_for_one, max_restarts: max)
  ref = Process.monitor(sup)

  # Each start is crashed; the supervisor either starts it again or exits.
  loop = fn loop, n ->
    receive do
      {:event, {:start, :c}} ->
        crash.(sup, :boom)
        loop.(loop, n + 1)

      {:DOWN, ^ref, :process, _, reason} ->
        {n, reason}
    end
  end

  {runs, exit} = loop.(loop, 0)
  IO.puts("max_restarts #{max}: ran #{runs} times, supervisor #{inspect(exit)}")

  receive do
    {:EXIT, ^sup, reason} -> Conf.puts("  parent got", {:EXIT, :sup, reason})
  end
end
