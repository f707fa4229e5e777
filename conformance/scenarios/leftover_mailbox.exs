# What Task functions leave in the caller's mailbox; unrelated messages are never touched.

send(self(), :unrelated)
task = Task.async(fn -> Process.sleep(100); :v end)
Conf.puts("await", Task.await(task))
Conf.puts("messages", Conf.messages())

task = Task.async(fn -> Process.sleep(100); :v end)
ref = task.ref
v = receive do {^ref, v} -> v end
Conf.puts("manual receive", v)
down = receive do {:DOWN, ^ref, :process, _, _} = down -> down end
Conf.puts("then the DOWN still arrives", down)

task = Task.async(fn -> Process.sleep(100); :v end)
ref = task.ref
v = receive do {^ref, v} -> v end
Conf.puts("manual receive", v)
Conf.puts("demonitor :flush", Process.demonitor(ref, [:flush]))
Conf.puts("messages", Conf.messages())

task = Task.async(fn -> Process.sleep(100); :v end)
Conf.puts("yield", Task.yield(task, 1000))
Conf.puts("messages", Conf.messages())
receive do :unrelated -> :ok end
Conf.puts("messages", Conf.messages())
