# Message order from a finishing task: reply, then {:EXIT, ...}, then :DOWN.

task = Task.async(fn -> Process.sleep(100); :result end)
ref = task.ref
down = receive do {:DOWN, ^ref, :process, _, _} = down -> down end
Conf.puts("not trapping, before the DOWN", Conf.messages())
Conf.puts("DOWN", down)
receive do {^ref, _} -> :ok end

Process.flag(:trap_exit, true)
task = Task.async(fn -> Process.sleep(100); :result end)
ref = task.ref
down = receive do {:DOWN, ^ref, :process, _, _} = down -> down end
Conf.puts("trapping, before the DOWN", Conf.messages())
Conf.puts("DOWN", down)
Conf.puts("flushed", Process.demonitor(ref, [:flush]))
receive do {^ref, _} -> :ok end
receive do {:EXIT, _, _} -> :ok end

task = Task.async(fn -> Process.sleep(100); exit(:bad) end)
ref = task.ref
down = receive do {:DOWN, ^ref, :process, _, _} = down -> down end
Conf.puts("trapping, crash, before the DOWN", Conf.messages())
Conf.puts("DOWN", down)
