# Only one await per task: the second waits its full timeout.
Code.require_file("../support.exs", __DIR__)

task = Task.async(fn -> :once end)
Conf.puts("first", Task.await(task))
Conf.puts("second", Conf.catch_exit(fn -> Task.await(task, 200) end))
