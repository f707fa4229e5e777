# Tasks that start and await their own tasks.

fanout = fn n ->
  Task.async(fn ->
    1..n
    |> Enum.map(fn i -> Task.async(fn -> Process.sleep(10 * (n - i)); i * i end) end)
    |> Task.await_many()
    |> Enum.sum()
  end)
end

Conf.puts("sums", Task.await_many([fanout.(3), fanout.(5), fanout.(1)]))

deep = fn deep, depth ->
  if depth == 0, do: :bottom, else: {depth, Task.await(Task.async(fn -> deep.(deep, depth - 1) end))}
end

Conf.puts("depth 4", deep.(deep, 4))
Conf.puts("messages", Conf.messages())
