# Shared by the workload scripts: time a workload several times and print
# the median in the same shape as the Rust benchmarks (ns per operation).
defmodule Bench do
  @runs 7

  # Runs `fun` once to warm up, then @runs times; `fun` returns the elapsed
  # nanoseconds of its timed part (setup may stay outside). Prints
  # "<name>: <median> ns/op (<ops> ops per run, min <min>)".
  def measure(name, ops, fun, runs \\ @runs) do
    _ = fun.()
    times = for _ <- 1..runs, do: fun.()
    sorted = Enum.sort(times)
    median = Enum.at(sorted, div(runs, 2))
    min = hd(sorted)
    IO.puts(
      "#{name}: #{fmt(median / ops)} ns/op (#{ops} ops per run, median of #{runs}, min #{fmt(min / ops)})"
    )
  end

  # Times `fun` in nanoseconds.
  def time(fun) do
    start = System.monotonic_time(:nanosecond)
    fun.()
    System.monotonic_time(:nanosecond) - start
  end

  defp fmt(x), do: :erlang.float_to_binary(x / 1, decimals: 1)
end
