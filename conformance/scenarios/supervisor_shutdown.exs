# Supervisor: the shutdown protocol (:brutal_kill, a timeout, :infinity), start
# failures, :ignore, duplicate ids, and terminate/restart/delete_child.

defmodule W do
  # A trapping worker that takes `linger` ms to stop when told to.
  def start_link(id, parent, linger) do
    sup = self()

    pid =
      spawn_link(fn ->
        Process.flag(:trap_exit, true)
        send(sup, {:ready, self()})

        receive do
          {:EXIT, _, reason} ->
            send(parent, {:event, {:stop, id, reason}})
            Process.sleep(linger)
            exit(reason)
        end
      end)

    receive do
      {:ready, ^pid} -> :ok
    end

    {:ok, pid}
  end

  def spec(id, parent, linger \\ 0),
    do: %{id: id, start: {:erlang, :apply, [fn -> start_link(id, parent, linger) end, []]}}
end

parent = self()
Process.flag(:trap_exit, true)

for {label, shutdown, linger} <- [{"brutal_kill", :brutal_kill, 0}, {"200 ms, lingering 1000", 200, 1000}, {"infinity, lingering 300", :infinity, 300}] do
  {:ok, sup} = Supervisor.start_link([Map.put(W.spec(:w, parent, linger), :shutdown, shutdown)], strategy: :one_for_one)
  [{:w, pid, _, _}] = Supervisor.which_children(sup)
  ref = Process.monitor(pid)
  result = Supervisor.terminate_child(sup, :w)
  # The child is dead by the time terminate_child returns.
  exit =
    receive do
      {:DOWN, ^ref, :process, _, reason} -> reason
    after
      0 -> :still_alive
    end

  told =
    receive do
      {:event, e} -> e
    after
      0 -> :not_told
    end

  IO.puts("#{label}: #{inspect(result)}, child exit #{inspect(exit)}, #{inspect(told)}")
  Supervisor.stop(sup)
  receive do
    {:EXIT, ^sup, :normal} -> :ok
  end
end

bad = %{id: :b, start: {:erlang, :apply, [fn -> {:error, :bad} end, []]}}
Conf.puts("failed start", Supervisor.start_link([W.spec(:a, parent), bad, W.spec(:c, parent)], strategy: :one_for_one))
Conf.puts("  a was stopped", Conf.recv(:event))

receive do
  {:EXIT, _, reason} -> Conf.puts("  then", {:EXIT, :sup, reason})
end


Conf.puts("  nothing else", Conf.messages())

ignore = %{id: :i, start: {:erlang, :apply, [fn -> :ignore end, []]}}
{:ok, sup} = Supervisor.start_link([ignore], strategy: :one_for_one)
Conf.puts(":ignore", Supervisor.which_children(sup))
Conf.puts("  count_children", Supervisor.count_children(sup))
Conf.puts("  restart_child", Supervisor.restart_child(sup, :i))
Supervisor.stop(sup)

receive do
  {:EXIT, ^sup, :normal} -> :ok
end

Conf.puts("duplicate ids", Supervisor.start_link([W.spec(:a, parent), W.spec(:a, parent)], strategy: :one_for_one))

receive do
  {:EXIT, _, reason} -> Conf.puts("  then", {:EXIT, :sup, reason})
end

{:ok, sup} = Supervisor.start_link([W.spec(:a, parent)], strategy: :one_for_one)
Conf.puts("restart_child :zz", Supervisor.restart_child(sup, :zz))
Conf.puts("restart_child running", Supervisor.restart_child(sup, :a))
Conf.puts("delete_child running", Supervisor.delete_child(sup, :a))
Conf.puts("terminate_child :zz", Supervisor.terminate_child(sup, :zz))
Conf.puts("terminate_child :a", Supervisor.terminate_child(sup, :a))
Conf.puts("  told", Conf.recv(:event))
Conf.puts("terminate_child again", Supervisor.terminate_child(sup, :a))
Conf.puts("  listed", Supervisor.which_children(sup))
{:ok, pid} = Supervisor.restart_child(sup, :a)
Conf.puts("restart_child stopped", is_pid(pid))
Conf.puts("  same pid listed", [{:a, pid, :worker, [:erlang]}] == Supervisor.which_children(sup))
Supervisor.terminate_child(sup, :a)
Conf.recv(:event)
Conf.puts("delete_child stopped", Supervisor.delete_child(sup, :a))
Conf.puts("delete_child again", Supervisor.delete_child(sup, :a))
Conf.puts("  listed", Supervisor.which_children(sup))
Supervisor.stop(sup)
sup_pid = sup
Conf.puts("which_children on a stopped supervisor", Conf.catch_exit(fn -> Supervisor.which_children(sup_pid) end))
