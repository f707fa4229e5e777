# Stopping an async_stream early kills the tasks still running and cleans the mailbox.

times_ten = fn i -> i * 10 end
Conf.puts("take 3 of 100", Task.async_stream(1..100, times_ten, max_concurrency: 4) |> Enum.take(3))
Conf.puts("take 2 of an endless input", Stream.iterate(1, &(&1 + 1)) |> Task.async_stream(times_ten) |> Enum.take(2))

parent = self()

slow_after_1 = fn
  1 -> 1
  i -> send(parent, {:started, self()}) && Process.sleep(:infinity) && i
end

Conf.puts("take 1, others sleep forever", Task.async_stream(1..3, slow_after_1, max_concurrency: 3) |> Enum.take(1))

Conf.puts("found", Task.async_stream(1..100, times_ten, max_concurrency: 2) |> Enum.find(&(&1 == {:ok, 50})))
Conf.puts("messages", Conf.messages() |> Enum.reject(&match?({:started, _}, &1)))
