# :timer.send_interval/3 and :timer.cancel/1: ticks until cancelled, follows
# its destination (not its starter), and refuses a bad time.

me = self()
{:ok, tref} = :timer.send_interval(20, me, :tick)
Conf.puts("tref is {:interval, ref}", match?({:interval, r} when is_reference(r), tref))
for _ <- 1..3 do
  receive do
    :tick -> IO.puts("got :tick")
  end
end
Conf.puts("cancel", :timer.cancel(tref))
Conf.puts("cancel again", :timer.cancel(tref))

{_starter, ref} =
  spawn_monitor(fn ->
    {:ok, tref} = :timer.send_interval(20, me, :from_starter)
    send(me, {:tref, tref})
  end)

tref = Conf.recv(:tref)
Conf.puts("starter", Conf.wait_down(ref))
for _ <- 1..2 do
  receive do
    :from_starter -> IO.puts("got :from_starter after its starter ended")
  end
end
:timer.cancel(tref)

Conf.puts("negative", :timer.send_interval(-1, me, :x))
Conf.puts("infinity", :timer.send_interval(:infinity, me, :x))
