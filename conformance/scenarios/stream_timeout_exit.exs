# async_stream timeout with on_timeout: :exit (the default): the enumerating process exits.
Code.require_file("../support.exs", __DIR__)

sleep_ms = fn ms -> Process.sleep(ms); ms end
stream = Task.async_stream([10, 1000], sleep_ms, timeout: 100)
Conf.puts("caught", Conf.catch_exit(fn -> Enum.to_list(stream) end))
Conf.puts("messages", Conf.messages())

got = Conf.child(fn -> Enum.to_list(Task.async_stream([10, 1000], sleep_ms, timeout: 100)) end)
Conf.puts("uncaught, caller exit", got)

got =
  Conf.child(fn ->
    Process.flag(:trap_exit, true)
    Enum.to_list(Task.async_stream([10, 1000], sleep_ms, timeout: 100))
  end)

Conf.puts("uncaught, trapping caller exit", got)
