# After yield returns nil the monitor stays active: the reply and the :DOWN still arrive.

task = Task.async(fn -> Process.sleep(300); :late end)
Conf.puts("yield", Task.yield(task, 50))
ref = task.ref
down = receive do {:DOWN, ^ref, :process, _, _} = down -> down end
Conf.puts("before the DOWN", Conf.messages())
Conf.puts("DOWN", down)
