# yield_many: one global deadline, results in task order, nil for the unfinished.

tasks = for ms <- [10, 2000, 50], do: Task.async(fn -> Process.sleep(ms); ms end)
started = System.monotonic_time(:millisecond)
results = Task.yield_many(tasks, 400)
elapsed = System.monotonic_time(:millisecond) - started
Conf.puts("results", Enum.map(results, fn {_task, result} -> result end))
Conf.puts("same tasks, same order", Enum.map(results, fn {t, _} -> t.pid end) == Enum.map(tasks, & &1.pid))
Conf.puts("took the deadline (400..1400 ms)", elapsed >= 400 and elapsed < 1400)
[_, {slow, nil}, _] = results
Conf.puts("shutdown the slow one", Task.shutdown(slow, :brutal_kill))
Conf.puts("empty", Task.yield_many([], 100))

Process.flag(:trap_exit, true)
crashing = Task.async(fn -> Process.sleep(100); exit(:bad) end)
fine = Task.async(fn -> Process.sleep(500); :fine end)
Conf.puts("with a crash", Enum.map(Task.yield_many([crashing, fine], 1000), &elem(&1, 1)))
Conf.puts("messages", Conf.messages())
