# Task.async_stream over 100,000 items, ordered, at most 16 tasks at once;
# the equivalent of benches/stream.rs.
Code.require_file("support.exs", __DIR__)

n = 100_000

Bench.measure("async_stream_100k", n, fn ->
  Bench.time(fn ->
    1..n
    |> Task.async_stream(fn i -> i end, max_concurrency: 16)
    |> Enum.reduce(0, fn {:ok, v}, sum -> sum + v end)
  end)
end, 5)
