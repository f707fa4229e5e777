# Every exit reason over a link, receiver trapping: each becomes an {:EXIT, pid, reason} message.

Conf.puts("trap_exit was", Process.flag(:trap_exit, true))
Conf.puts("trap_exit was", Process.flag(:trap_exit, true))

for reason <- [:normal, :shutdown, {:shutdown, :x}, :custom, :kill] do
  {:ok, pid} = Task.start_link(fn -> Process.sleep(50); exit(reason) end)

  receive do
    {:EXIT, ^pid, got} -> IO.puts("task exit(#{inspect(reason)}) -> {:EXIT, pid, #{inspect(got)}}")
  end
end

{:ok, pid} = Task.start_link(fn -> Process.sleep(:infinity) end)
Process.exit(pid, :kill)
receive do
  {:EXIT, ^pid, got} -> IO.puts("Process.exit(task, :kill) -> {:EXIT, pid, #{inspect(got)}}")
end

{:ok, pid} = Task.start_link(fn -> Process.sleep(50); raise "boom" end)
receive do
  {:EXIT, ^pid, got} -> IO.puts("task raise -> {:EXIT, pid, #{inspect(got)}}")
end

Conf.puts("messages", Conf.messages())
