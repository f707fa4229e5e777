# Task.async + Task.await: a batch of 100,000 (all started, then awaited in
# order) and one at a time; the equivalent of benches/async_await.rs.
Code.require_file("support.exs", __DIR__)

n = 100_000

Bench.measure("async_await_batch", n, fn ->
  Bench.time(fn ->
    tasks = for i <- 1..n, do: Task.async(fn -> i end)
    Enum.each(tasks, &Task.await/1)
  end)
end)

Bench.measure("async_await_one", n, fn ->
  Bench.time(fn ->
    for i <- 1..n do
      Task.await(Task.async(fn -> i end))
    end
  end)
end)
