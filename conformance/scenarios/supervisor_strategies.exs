# Supervisor: children start in order, are listed and stopped in reverse; what each
# strategy restarts when :b crashes.

defmodule W do
  # A trapping worker, set up before its start returns (as a GenServer's init/1).
  def start_link(id, parent) do
    sup = self()

    pid =
      spawn_link(fn ->
        Process.flag(:trap_exit, true)
        send(sup, {:ready, self()})

        receive do
          {:EXIT, _, reason} ->
            send(parent, {:event, {:stop, id, reason}})
            exit(reason)

          {:crash, reason} ->
            exit(reason)
        end
      end)

    receive do
      {:ready, ^pid} -> :ok
    end

    send(parent, {:event, {:start, id}})
    {:ok, pid}
  end

  def spec(id, parent), do: %{id: id, start: {:erlang, :apply, [fn -> start_link(id, parent) end, []]}}
end

parent = self()

events = fn n -> for _ <- 1..n, do: Conf.recv(:event) end
pid_of = fn sup, id -> Enum.find_value(Supervisor.which_children(sup), fn {i, p, _, _} -> i == id && p end) end

{:ok, sup} = Supervisor.start_link(for(id <- [:a, :b, :c], do: W.spec(id, parent)), strategy: :one_for_one)
Conf.puts("starts", events.(3))
Conf.puts("which_children ids", Enum.map(Supervisor.which_children(sup), &elem(&1, 0)))
{id, _pid, type, modules} = List.last(Supervisor.which_children(sup))
Conf.puts("last entry", {id, type, modules})
Conf.puts("count_children", Supervisor.count_children(sup))
Conf.puts("stop", Supervisor.stop(sup))
Conf.puts("stops", events.(3))

for {strategy, n} <- [one_for_one: 1, one_for_all: 5, rest_for_one: 3] do
  {:ok, sup} = Supervisor.start_link(for(id <- [:a, :b, :c], do: W.spec(id, parent)), strategy: strategy)
  events.(3)
  b = pid_of.(sup, :b)
  ref = Process.monitor(b)
  send(b, {:crash, :boom})
  Conf.wait_down(ref)
  Conf.puts(Atom.to_string(strategy), events.(n))
  Conf.puts("  ids", Enum.map(Supervisor.which_children(sup), &elem(&1, 0)))
  Conf.puts("  b has a new pid", pid_of.(sup, :b) != b)
  Supervisor.stop(sup)
  events.(3)
end
