# A reply `{task.ref, value}` sent with `send` is an ordinary message: every
# waiting verb takes it as if the task had sent it. The tasks are still running
# (each waits for `:go`), so the hand-sent reply is the one taken; at the end
# each is let go in turn and the mailbox shows what of theirs was left.

me = self()
slow = fn v -> Task.async(fn -> receive do :go -> v end end) end

t1 = slow.(:real1)
send(me, {t1.ref, :hand1})
Conf.puts("await", Task.await(t1))

t2 = slow.(:real2)
send(me, {t2.ref, :hand2})
Conf.puts("yield", Task.yield(t2, 1000))

t3 = slow.(:real3)
send(me, {t3.ref, :hand3})
Conf.puts("yield_many", Enum.map(Task.yield_many([t3], 1000), &elem(&1, 1)))

t4 = slow.(:real4)
send(me, {t4.ref, :hand4})
Conf.puts("shutdown", Task.shutdown(t4))

t5 = slow.(:real5)
send(me, {t5.ref, :hand5})
Conf.puts("shutdown brutal_kill", Task.shutdown(t5, :brutal_kill))

t6 = slow.(:real6)
send(me, {t6.ref, :hand6})
Conf.puts("ignore", Task.ignore(t6))

t7 = slow.(:real7)
t8 = slow.(:real8)
send(me, {t8.ref, :hand8})
send(me, {t7.ref, :hand7})
Conf.puts("await_many", Task.await_many([t7, t8]))

Conf.puts("messages", Conf.messages())
for t <- [t1, t2, t3, t4, t5, t6, t7, t8] do
  send(t.pid, :go)
  Conf.wait_down(Process.monitor(t.pid))
end
Conf.puts("messages after the tasks ended", Conf.messages())
