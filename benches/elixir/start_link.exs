# Task.start_link: start 100,000 tasks and wait until every one has run
# (an atomic counter; the last task tells the starter); the equivalent of
# benches/start_link.rs.
Code.require_file("support.exs", __DIR__)

n = 100_000

Bench.measure("start_link_batch", n, fn ->
  me = self()
  ran = :atomics.new(1, [])

  Bench.time(fn ->
    for _ <- 1..n do
      {:ok, _pid} =
        Task.start_link(fn ->
          if :atomics.add_get(ran, 1, 1) == n, do: send(me, :all_ran)
        end)
    end

    receive do
      :all_ran -> :ok
    end
  end)
end)
