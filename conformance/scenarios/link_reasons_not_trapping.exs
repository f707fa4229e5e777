# Every exit reason over a link, receiver not trapping: only :normal is ignored.

reasons = [:normal, :shutdown, {:shutdown, :x}, :custom, :kill, :killed]

for reason <- reasons do
  got =
    Conf.child(fn ->
      {:ok, pid} = Task.start_link(fn -> Process.sleep(50); exit(reason) end)
      ref = Process.monitor(pid)
      # After the :DOWN, every link signal from pid has taken effect.
      Conf.wait_down(ref)
      exit(:survived)
    end)

  IO.puts("task exit(#{inspect(reason)}) -> linked process exit #{inspect(got)}")
end
