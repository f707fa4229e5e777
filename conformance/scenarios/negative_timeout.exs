# A negative timeout computed at run time: every wait refuses it with the error
# its guard (or the VM's receive) raises, and the caller exits with it.

ms = String.to_integer("-1")
Conf.puts("sleep", Conf.child(fn -> Process.sleep(ms) end))
Conf.puts("await", Conf.child(fn -> Task.await(Task.async(fn -> 1 end), ms) end))
Conf.puts("yield", Conf.child(fn -> Task.yield(Task.async(fn -> 1 end), ms) end))

Conf.puts(
  "await_many",
  Conf.child(fn -> Task.await_many([Task.async(fn -> 1 end)], ms) end)
)

Conf.puts(
  "receive after",
  Conf.child(fn ->
    receive do
      :never -> :ok
    after
      ms -> :late
    end
  end)
)

Conf.puts("usize timeout", Task.await(Task.async(fn -> :ok end), ms + 1 + 100))
