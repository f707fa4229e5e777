# A `{:DOWN, task.ref, :process, task.pid, reason}` sent with `send` is an
# ordinary message: every waiting verb takes it as the task's end, though the
# task is still running (it waits for `:go`). Where the verb leaves the monitor
# (await, yield, ignore), the task's own reply and `:DOWN` arrive once it is
# let go; `shutdown`'s flush takes the hand-sent `:DOWN` (the oldest) and leaves
# the real one. The mailbox at the end shows what was left.

me = self()
slow = fn v -> Task.async(fn -> receive do :go -> v end end) end
fake_down = fn t -> send(me, {:DOWN, t.ref, :process, t.pid, :fake}) end

t1 = slow.(:real1)
fake_down.(t1)
Conf.puts("await", Conf.catch_exit(fn -> Task.await(t1) end))

t2 = slow.(:real2)
fake_down.(t2)
Conf.puts("yield", Task.yield(t2, 1000))

t3 = slow.(:real3)
fake_down.(t3)
Conf.puts("yield_many", Enum.map(Task.yield_many([t3], 1000), &elem(&1, 1)))

t4 = slow.(:real4)
fake_down.(t4)
Conf.puts("shutdown", Task.shutdown(t4))

t5 = slow.(:real5)
fake_down.(t5)
Conf.puts("shutdown brutal_kill", Task.shutdown(t5, :brutal_kill))

t6 = slow.(:real6)
fake_down.(t6)
Conf.puts("ignore", Task.ignore(t6))

t7 = slow.(:real7)
t8 = slow.(:real8)
fake_down.(t8)
Conf.puts("await_many", Conf.catch_exit(fn -> Task.await_many([t7, t8]) end))

Conf.puts("messages", Conf.messages())
for t <- [t1, t2, t3, t4, t5, t6, t7, t8] do
  send(t.pid, :go)
  Conf.wait_down(Process.monitor(t.pid))
end
Conf.puts("messages after the tasks ended", Conf.messages())
