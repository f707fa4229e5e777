# async_stream, ordered (the default): results in input order whatever the finishing order.

sleep_ms = fn ms -> Process.sleep(ms); ms end
Conf.puts("ordered", Task.async_stream([300, 100, 200], sleep_ms) |> Enum.to_list())
Conf.puts("empty", Task.async_stream([], sleep_ms) |> Enum.to_list())
Conf.puts("one", Task.async_stream([5], fn x -> x * 2 end) |> Enum.to_list())
Conf.puts("strings", Task.async_stream(["a", "b"], &String.upcase/1, max_concurrency: 1) |> Enum.to_list())
Conf.puts("messages", Conf.messages())
