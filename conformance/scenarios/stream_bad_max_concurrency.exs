# async_stream rejects a max_concurrency that is not a positive integer, when enumerated.
Code.require_file("../support.exs", __DIR__)

stream = Task.async_stream([1, 2], fn x -> x end, max_concurrency: 0)
Conf.puts("lazy", is_function(stream, 2))
Conf.puts("enumerate", Conf.catch_raise(fn -> Enum.to_list(stream) end))
