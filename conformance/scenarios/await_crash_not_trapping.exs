# A crashing task kills a non-trapping caller with the raw reason (never the await tuple).

cases = [
  {"exit(:bad)", fn -> exit(:bad) end},
  {"raise", fn -> raise "boom" end},
  {"exit(:shutdown)", fn -> exit(:shutdown) end},
  {"exit({:shutdown, 1})", fn -> exit({:shutdown, 1}) end},
  {"exit(:kill)", fn -> exit(:kill) end}
]

for {label, crash} <- cases do
  reason =
    Conf.child(fn ->
      task = Task.async(fn -> Process.sleep(100); crash.() end)
      Task.await(task)
    end)

  Conf.puts(label <> " -> caller exit", reason)
end
