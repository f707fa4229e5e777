# await_many has one deadline for the whole call; pending tasks keep running, replies dropped.

tasks = [
  Task.async(fn -> Process.sleep(50); :fast end),
  Task.async(fn -> Process.sleep(800); :slow end)
]

refs = Enum.map(tasks, &Process.monitor(&1.pid))
{:exit_caught, reason} = Conf.catch_exit(fn -> Task.await_many(tasks, 300) end)
Conf.puts("await_many", reason)
IO.puts(Exception.format_exit(reason))
Conf.puts("task exits", Enum.map(refs, &Conf.wait_down/1))
Conf.puts("messages", Conf.messages())
