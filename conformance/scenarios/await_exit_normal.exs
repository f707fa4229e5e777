# A task that exits :normal sends no reply and kills nobody: await exits {:normal, ...}.

task = Task.async(fn -> Process.sleep(100); exit(:normal) end)
Conf.puts("await", Conf.catch_exit(fn -> Task.await(task) end))
Conf.puts("messages", Conf.messages())
