# async_stream on_timeout: :kill_task turns a timeout into {:exit, :timeout} and goes on.

sleep_ms = fn ms -> Process.sleep(ms); ms end
opts = [timeout: 300, on_timeout: :kill_task]
Conf.puts("kill_task", Task.async_stream([10, 3000, 20], sleep_ms, opts) |> Enum.to_list())

Conf.puts(
  "zip_input_on_exit",
  Task.async_stream([10, 3000, 20], sleep_ms, [zip_input_on_exit: true] ++ opts) |> Enum.to_list()
)

Conf.puts("messages", Conf.messages())
