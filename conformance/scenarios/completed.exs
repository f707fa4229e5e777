# Task.completed: no process; the reply is already in the mailbox.
Code.require_file("../support.exs", __DIR__)

task = Task.completed(42)
IO.inspect(task)
Conf.puts("messages", Conf.messages())
Conf.puts("await", Task.await(task))
Conf.puts("yield", Task.yield(Task.completed(:y), 0))
mixed = [Task.completed(1), Task.async(fn -> Process.sleep(100); 2 end)]
Conf.puts("await_many", Task.await_many(mixed))
done = Task.completed(:x)
Conf.puts("shutdown", Conf.catch_raise(fn -> Task.shutdown(done) end))
Conf.puts("ignore", Conf.catch_raise(fn -> Task.ignore(done) end))
Conf.puts("messages", Conf.messages())
