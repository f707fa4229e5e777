# Task.completed: no process; the reply is already in the mailbox.

task = Task.completed(42)
IO.inspect(task)
Conf.puts("messages", Conf.messages())
Conf.puts("await", Task.await(task))
Conf.puts("yield", Task.yield(Task.completed(:y), 0))
mixed = [Task.completed(1), Task.async(fn -> Process.sleep(100); 2 end)]
Conf.puts("await_many", Task.await_many(mixed))
Conf.puts("shutdown raises", Conf.child(fn -> Task.shutdown(Task.completed(:x)) end))
Conf.puts("ignore raises", Conf.child(fn -> Task.ignore(Task.completed(:x)) end))
Conf.puts("messages", Conf.messages())
