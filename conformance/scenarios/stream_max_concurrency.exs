# async_stream max_concurrency: never more tasks at once; a buffered result frees its slot.

# A gauge process counts tasks running now and the peak.
gauge_loop = fn loop, now, peak ->
  receive do
    :in -> loop.(loop, now + 1, max(peak, now + 1))
    :out -> loop.(loop, now - 1, peak)
    {:started, from} -> send(from, {:started, peak}) && loop.(loop, now, peak)
    {:peak, from} -> send(from, {:peak, peak}) && loop.(loop, now, peak)
  end
end

gauge = spawn_link(fn -> gauge_loop.(gauge_loop, 0, 0) end)

work = fn i ->
  send(gauge, :in)
  Process.sleep(300)
  send(gauge, :out)
  Process.sleep(100)
  i
end

Conf.puts("max_concurrency 2", Task.async_stream(1..6, work, max_concurrency: 2) |> Enum.to_list())
send(gauge, {:peak, self()})
Conf.puts("peak", Conf.recv(:peak))

# The first element is slow; with two slots the four fast ones all run before it ends.
counter = Conf.counter()

slow_first = fn ms ->
  Conf.bump(counter)
  Process.sleep(ms)
  if ms == 1000, do: {:started_before_me, Conf.count(counter)}, else: ms
end

result = Task.async_stream([1000, 10, 10, 10, 10], slow_first, max_concurrency: 2) |> Enum.to_list()
Conf.puts("slow first", result)

# Per-task timeout: four 150 ms tasks in sequence finish although the run takes 600 ms.
sleep_ms = fn ms -> Process.sleep(ms); ms end
result = Task.async_stream([150, 150, 150, 150], sleep_ms, timeout: 400, max_concurrency: 1) |> Enum.to_list()
Conf.puts("timeout is per task", result)
