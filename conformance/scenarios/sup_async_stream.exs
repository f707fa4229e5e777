# Supervised streams: async_stream_nolink turns crashes into elements without trapping.

{:ok, sup} = Task.Supervisor.start_link()

crash_on_2 = fn
  2 -> exit(:bad)
  x -> x * 10
end

Conf.puts("nolink", Task.Supervisor.async_stream_nolink(sup, [1, 2, 3], crash_on_2) |> Enum.to_list())
Conf.puts("linked, no crash", Task.Supervisor.async_stream(sup, [1, 3], crash_on_2) |> Enum.to_list())
got = Conf.child(fn -> Task.Supervisor.async_stream(sup, [1, 2, 3], crash_on_2) |> Enum.to_list() end)
Conf.puts("linked, crash, caller exit", got)

sleep_ms = fn ms -> Process.sleep(ms); ms end
opts = [ordered: false, max_concurrency: 3, timeout: 300, on_timeout: :kill_task]
Conf.puts("unordered, kill_task", Task.Supervisor.async_stream_nolink(sup, [900, 100, 200], sleep_ms, opts) |> Enum.to_list())
Conf.puts("children", Task.Supervisor.children(sup))
Conf.puts("messages", Conf.messages())
