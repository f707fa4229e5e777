# A task that exits :normal sends no reply and kills nobody: await exits {:normal, ...}.
Code.require_file("../support.exs", __DIR__)

task = Task.async(fn -> Process.sleep(100); exit(:normal) end)
Conf.puts("await", Conf.catch_exit(fn -> Task.await(task) end))
Conf.puts("messages", Conf.messages())
