# A call to a supervisor killed mid-call: the caller exits with the supervisor's reason
# and the call, `{:killed, {GenServer, :call, [sup, {:terminate_child, pid}, :infinity]}}`.

{:ok, sup} = Task.Supervisor.start_link()
Process.unlink(sup)
parent = self()

# A child that traps exits and ignores the supervisor's `:shutdown`: with
# `shutdown: :infinity`, terminating it keeps the supervisor inside the call.
{:ok, child} =
  Task.Supervisor.start_child(
    sup,
    fn ->
      Process.flag(:trap_exit, true)
      send(parent, {:trapping, true})

      receive do
        {:EXIT, from, reason} -> send(parent, {:told, {from == sup, reason}})
      end

      Process.sleep(:infinity)
    end,
    shutdown: :infinity
  )

Conf.puts("trapping", Conf.recv(:trapping))
{caller, ref} = spawn_monitor(fn -> Task.Supervisor.terminate_child(sup, child) end)
Conf.puts("child told (by the supervisor, reason)", Conf.recv(:told))
Process.exit(sup, :kill)
Conf.puts("caller exit", Conf.wait_down(ref))
Conf.puts("caller alive", Process.alive?(caller))
Conf.puts("supervisor alive", Process.alive?(sup))
Conf.puts("child alive", Process.alive?(child))
Process.exit(child, :kill)
