# 10,000 concurrent tasks awaited together: input order, no residue.

tasks = for i <- 1..10_000, do: Task.async(fn -> Process.sleep(100); i * 2 end)
results = Task.await_many(tasks, 30_000)
Conf.puts("count", length(results))
Conf.puts("first", Enum.take(results, 3))
Conf.puts("last", Enum.take(results, -3))
Conf.puts("in order", results == Enum.map(1..10_000, &(&1 * 2)))
Conf.puts("messages", Conf.messages())

many = Task.async_stream(1..10_000, fn i -> i end, max_concurrency: 1000) |> Enum.map(fn {:ok, i} -> i end)
Conf.puts("async_stream of 10000 in order", many == Enum.to_list(1..10_000))
