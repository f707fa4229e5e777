# async_stream timeout with on_timeout: :exit (the default): the enumerating process exits,
# even if it traps exits.

sleep_ms = fn ms -> Process.sleep(ms); ms end

got = Conf.child(fn -> Enum.to_list(Task.async_stream([10, 1000], sleep_ms, timeout: 100)) end)
Conf.puts("caller exit", got)

got =
  Conf.child(fn ->
    Process.flag(:trap_exit, true)
    Enum.to_list(Task.async_stream([10, 1000], sleep_ms, timeout: 100))
  end)

Conf.puts("trapping caller exit", got)

# The timeout is recorded in a list: [100] inspects as 'd', [200] as [200].
got = Conf.child(fn -> Enum.to_list(Task.async_stream([10, 1000], sleep_ms, timeout: 200)) end)
Conf.puts("timeout 200, caller exit", got)
Conf.puts("messages", Conf.messages())
