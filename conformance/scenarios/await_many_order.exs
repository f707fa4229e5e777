# await_many returns the results in the order of the tasks, not of completion.

tasks = for ms <- [300, 100, 200], do: Task.async(fn -> Process.sleep(ms); ms end)
Conf.puts("await_many", Task.await_many(tasks))
Conf.puts("empty", Task.await_many([]))
Conf.puts("messages", Conf.messages())
