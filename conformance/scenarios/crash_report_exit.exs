# Which exits are logged, and how: exit(reason) is "** (stop) reason"; OTP-normal ones are not.

IO.inspect(self())

for {label, body} <- [
      {"exit(:bad)", fn -> exit(:bad) end},
      {"exit({:error, 1})", fn -> exit({:error, 1}) end},
      {"exit(:kill)", fn -> exit(:kill) end},
      {"exit(:normal)", fn -> exit(:normal) end},
      {"exit(:shutdown)", fn -> exit(:shutdown) end},
      {"exit({:shutdown, 1})", fn -> exit({:shutdown, 1}) end},
      {"returns", fn -> :ok end}
    ] do
  log =
    Conf.capture_log(fn ->
      {:ok, pid} = Task.start(fn -> Process.sleep(50); body.() end)
      Conf.wait_down(Process.monitor(pid))
    end)

  IO.puts("#{label}:")
  IO.write(log)
end

log =
  Conf.capture_log(fn ->
    {:ok, pid} = Task.start(fn -> Process.sleep(:infinity) end)
    ref = Process.monitor(pid)
    Process.exit(pid, :kill)
    Conf.wait_down(ref)
  end)

IO.puts("killed from outside:")
IO.write(log)
