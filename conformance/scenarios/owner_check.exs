# Only the owner may query a task; others get ArgumentError, and the owner can still await.
Code.require_file("../support.exs", __DIR__)

IO.inspect(self())
task = Task.async(fn -> Process.sleep(300); :mine end)
IO.inspect(task)
parent = self()

queries = [
  {"await", fn t -> Task.await(t) end},
  {"yield", fn t -> Task.yield(t) end},
  {"shutdown", fn t -> Task.shutdown(t) end},
  {"ignore", fn t -> Task.ignore(t) end},
  {"await_many", fn t -> Task.await_many([t]) end},
  {"yield_many", fn t -> Task.yield_many([t]) end}
]

for {name, query} <- queries do
  spawn(fn -> send(parent, {:result, Conf.catch_raise(fn -> query.(task) end)}) end)
  {:raised, module, message} = Conf.recv(:result)
  IO.puts("#{name}: #{inspect(module)}")
  IO.puts(message)
end

Conf.puts("owner await", Task.await(task))
