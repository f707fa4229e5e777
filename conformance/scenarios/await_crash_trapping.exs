# A trapping caller survives a crashing task: await exits with {reason, {Task, :await, ...}}.

Process.flag(:trap_exit, true)
task = Task.async(fn -> Process.sleep(100); raise "boom" end)
Conf.puts("await", Conf.catch_exit(fn -> Task.await(task, 1000) end))
Conf.puts("messages", Conf.messages())
task = Task.async(fn -> Process.sleep(100); exit(:bad) end)
Conf.puts("await", Conf.catch_exit(fn -> Task.await(task) end))
Conf.puts("messages", Conf.messages())
