# async_stream rejects a max_concurrency that is not a positive integer, when enumerated.

got = Conf.child(fn -> Task.async_stream([1, 2], fn x -> x end, max_concurrency: 0) |> Enum.to_list() end)
Conf.puts("max_concurrency: 0", got)
