# Memory per idle process (parked in a receive), as the VM accounts it:
# the growth of :erlang.memory(:processes) per process, 100,000 and then
# 1,000,000 at once (run with `elixir --erl "+P 2000000"`); the equivalent of
# benches/memory.rs.
defmodule Idle do
  def run(n) do
    :erlang.garbage_collect()
    before = :erlang.memory(:processes)
    me = self()

    pids =
      for _ <- 1..n do
        spawn(fn ->
          send(me, :parked)

          receive do
            :never -> :ok
          end
        end)
      end

    for _ <- 1..n, do: (receive do: (:parked -> :ok))
    Process.sleep(50)
    total = :erlang.memory(:processes) - before
    one = Process.info(hd(pids), :memory) |> elem(1)
    Enum.each(pids, &Process.exit(&1, :kill))
    Process.sleep(200)
    {total, one}
  end
end

for n <- [100_000, 1_000_000] do
  if :erlang.system_info(:process_limit) > n + 1000 do
    {total, one} = Idle.run(n)

    IO.puts(
      "memory_idle_#{n}: #{:erlang.float_to_binary(total / n, decimals: 1)} B per process " <>
        "(#{:erlang.float_to_binary(total / 1_048_576, decimals: 1)} MiB total; " <>
        "Process.info(pid, :memory) = #{one} B)"
    )
  else
    IO.puts("memory_idle_#{n}: skipped, process limit #{:erlang.system_info(:process_limit)} (run with --erl \"+P 2000000\")")
  end
end
