# Task.Supervisor.async_nolink: crashes come back as values; the caller only ever gets :DOWN.

{:ok, sup} = Task.Supervisor.start_link()
task = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(100); exit(:bad) end)
Conf.puts("yield exit(:bad)", Task.yield(task, 1000))
task = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(100); raise "oops" end)
Conf.puts("yield raise", Task.yield(task, 1000))
task = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(100); exit(:bad) end)
Conf.puts("await exit(:bad)", Conf.catch_exit(fn -> Task.await(task) end))
Conf.puts("messages", Conf.messages())

Process.flag(:trap_exit, true)
task = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(100); exit(:bad) end)
Conf.puts("trapping, yield", Task.yield(task, 1000))
task = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(100); :fine end)
ref = task.ref
reply = receive do {^ref, reply} -> reply end
down = receive do {:DOWN, ^ref, :process, _, _} = down -> down end
Conf.puts("reply", reply)
Conf.puts("then", down)
Conf.puts("messages", Conf.messages())
Process.flag(:trap_exit, false)

parent = self()

got =
  Conf.child(fn ->
    task = Task.Supervisor.async_nolink(sup, fn -> Process.sleep(600); :orphan end)
    send(parent, {:task, task.pid})
    exit(:crash)
  end)

task_ref = Process.monitor(Conf.recv(:task))
Conf.puts("owner exit", got)
Conf.puts("task outlives it, exit", Conf.wait_down(task_ref))
