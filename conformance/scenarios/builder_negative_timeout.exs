# A negative timeout computed at run time, given to yield_many: the caller exits
# with the error of its guard, as for every other wait (negative_timeout.exs).
# The Rust twin passes it through `YieldManyOptions::timeout`, which takes any
# integer as the other millisecond arguments do.

ms = String.to_integer("-1")

Conf.puts(
  "yield_many",
  Conf.child(fn -> Task.yield_many([Task.async(fn -> 1 end)], ms) end)
)

Conf.puts("yield_many with an i32", Task.yield_many([Task.async(fn -> 1 end)], ms + 1 + 1000) |> Enum.map(&elem(&1, 1)))
