# async_stream ordered: false emits in completion order; "first N to complete" with take.

sleep_ms = fn ms -> Process.sleep(ms); ms end
Conf.puts("unordered", Task.async_stream([700, 100, 400], sleep_ms, ordered: false, max_concurrency: 3) |> Enum.to_list())

first_two =
  Task.async_stream([1200, 100, 700, 400], sleep_ms, ordered: false, max_concurrency: 4)
  |> Enum.take(2)

Conf.puts("first two", first_two)
Conf.puts("messages", Conf.messages())
