# A supervisor going down takes its tasks with it: :shutdown, or :killed past their shutdown.

{:ok, sup} = Task.Supervisor.start_link()
Process.unlink(sup)
parent = self()
plain = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(:infinity) end)
brutal = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(:infinity) end, shutdown: :brutal_kill)

stubborn =
  Task.Supervisor.async_nolink(
    sup,
    fn ->
      Process.flag(:trap_exit, true)
      send(parent, :trapping)
      Process.sleep(:infinity)
    end,
    shutdown: 200
  )

receive do :trapping -> :ok end
sup_ref = Process.monitor(sup)
Process.exit(sup, :shutdown)
Conf.puts("supervisor exit", Conf.wait_down(sup_ref))
Conf.puts("plain", Task.yield(plain, 1000))
Conf.puts("brutal_kill", Task.yield(brutal, 1000))
Conf.puts("trapping, shutdown: 200", Task.yield(stubborn, 1000))
