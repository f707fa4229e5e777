# async_stream ordered: false emits in completion order; "first N to complete" with take.
Code.require_file("../support.exs", __DIR__)

sleep_ms = fn ms -> Process.sleep(ms); ms end
Conf.puts("unordered", Task.async_stream([500, 100, 300], sleep_ms, ordered: false, max_concurrency: 3) |> Enum.to_list())

first_two =
  Task.async_stream([900, 100, 500, 300], sleep_ms, ordered: false, max_concurrency: 4)
  |> Enum.take(2)

Conf.puts("first two", first_two)
Conf.puts("messages", Conf.messages())
