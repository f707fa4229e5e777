# A hand-sent reply and a hand-sent `:DOWN` both queued, the task still running
# (it waits for `:go`): each verb takes the older one, as a receive does. After
# a reply, `demonitor(ref, [:flush])` also removes the hand-sent `:DOWN` (Erlang's
# flush takes the oldest `{_, ref, _, _, _}`); `shutdown` takes the reply and
# its flush takes the hand-sent `:DOWN`, leaving the task's real one.

me = self()
slow = fn v -> Task.async(fn -> receive do :go -> v end end) end
reply = fn t, v -> send(me, {t.ref, v}) end
down = fn t, reason -> send(me, {:DOWN, t.ref, :process, t.pid, reason}) end
drain = fn -> for _ <- Conf.messages(), do: (receive do _ -> :ok end) end
left = fn label -> Conf.puts(label, Conf.messages()); drain.() end

t1 = slow.(:real1)
reply.(t1, :hand1)
down.(t1, :fake1)
Conf.puts("await, reply then :DOWN", Task.await(t1))
left.("left")

t2 = slow.(:real2)
down.(t2, :fake2)
reply.(t2, :hand2)
Conf.puts("await, :DOWN then reply", Conf.catch_exit(fn -> Task.await(t2) end))
left.("left")

t3 = slow.(:real3)
reply.(t3, :hand3)
down.(t3, :fake3)
Conf.puts("yield, reply then :DOWN", Task.yield(t3, 1000))
left.("left")

t4 = slow.(:real4)
down.(t4, :fake4)
reply.(t4, :hand4)
Conf.puts("yield, :DOWN then reply", Task.yield(t4, 1000))
Conf.puts("yield again", Task.yield(t4, 0))
left.("left")

t5 = slow.(:real5)
reply.(t5, :hand5)
down.(t5, :fake5)
Conf.puts("shutdown, reply then :DOWN", Task.shutdown(t5))
left.("left")

t6 = slow.(:real6)
down.(t6, :fake6)
reply.(t6, :hand6)
Conf.puts("shutdown, :DOWN then reply", Task.shutdown(t6))
left.("left")

t7 = slow.(:real7)
down.(t7, :fake7)
reply.(t7, :hand7)
Conf.puts("shutdown brutal_kill, :DOWN then reply", Task.shutdown(t7, :brutal_kill))
left.("left")

t8 = slow.(:real8)
down.(t8, :fake8)
reply.(t8, :hand8)
Conf.puts("ignore, :DOWN then reply", Task.ignore(t8))
left.("left")

t9 = slow.(:real9)
reply.(t9, :hand9)
down.(t9, :fake9)
Conf.puts("await_many, reply then :DOWN", Conf.catch_exit(fn -> Task.await_many([t9]) end))
left.("left")

t10 = slow.(:real10)
reply.(t10, :hand10)
down.(t10, :fake10)
Conf.puts("yield_many, reply then :DOWN", Enum.map(Task.yield_many([t10], 1000), &elem(&1, 1)))
left.("left")

for t <- [t1, t2, t3, t4, t5, t6, t7, t8, t9, t10] do
  send(t.pid, :go)
  Conf.wait_down(Process.monitor(t.pid))
end
Conf.puts("messages after the tasks ended", Conf.messages())
