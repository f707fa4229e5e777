# The seed transcript: Task.start_link returns {:ok, pid}; its result never reaches the caller.

result = Task.start_link(fn -> Process.sleep(200); "blah" end)
IO.inspect(result)
{:ok, pid} = result
ref = Process.monitor(pid)
Conf.puts("down", Conf.wait_down(ref))
Conf.puts("messages", Conf.messages())

# A trapping caller gets only the :normal exit signal.
Process.flag(:trap_exit, true)
{:ok, pid} = Task.start_link(fn -> Process.sleep(100); "blah" end)
ref = Process.monitor(pid)
Conf.puts("down", Conf.wait_down(ref))
Conf.puts("messages", Conf.messages())
