# await_many and a crashing task: a trapping caller gets the exit; a non-trapping one dies.

reason =
  Conf.child(fn ->
    tasks = [
      Task.async(fn -> Process.sleep(700); :slow end),
      Task.async(fn -> Process.sleep(100); exit(:bad) end)
    ]

    Task.await_many(tasks)
  end)

Conf.puts("not trapping, caller exit", reason)

Process.flag(:trap_exit, true)

tasks = [
  Task.async(fn -> Process.sleep(700); :slow end),
  Task.async(fn -> Process.sleep(100); exit(:bad) end)
]

slow_ref = Process.monitor(hd(tasks).pid)
Conf.puts("trapping", Conf.catch_exit(fn -> Task.await_many(tasks) end))
Conf.puts("slow task exit", Conf.wait_down(slow_ref))
Conf.puts("messages", Conf.messages())
