# The seed transcript: Task.async then Task.await.

task = Task.async(fn -> Process.sleep(200); "blah" end)
IO.inspect(task)
IO.inspect(Task.await(task))
Conf.puts("messages", Conf.messages())
