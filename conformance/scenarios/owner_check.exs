# Only the owner may query a task: any other process raises ArgumentError (and, not
# catching it, exits with it). The owner can still await the task afterwards.

IO.inspect(self())

queries = [
  {"await", fn t -> Task.await(t) end},
  {"yield", fn t -> Task.yield(t) end},
  {"shutdown", fn t -> Task.shutdown(t) end},
  {"ignore", fn t -> Task.ignore(t) end},
  {"await_many", fn t -> Task.await_many([t]) end},
  {"yield_many", fn t -> Task.yield_many([t]) end}
]

for {name, query} <- queries do
  task = Task.async(fn -> Process.sleep(:infinity) end)
  Conf.puts(name <> " from another process", Conf.child(fn -> query.(task) end))
end

task = Task.async(fn -> Process.sleep(100); :mine end)
Conf.puts("yield from another process", Conf.child(fn -> Task.yield(task) end))
Conf.puts("owner await", Task.await(task))
Conf.puts("messages", Conf.messages())
