# Process.send_after/3, read_timer/1, cancel_timer/1: their results, a dead
# destination, and whom a timer belongs to (its destination, not its starter).

me = self()
t = Process.send_after(me, :tick, 30)
Conf.puts("is a ref", is_reference(t))
receive do
  :tick -> IO.puts("got :tick")
end
Conf.puts("cancel fired", Process.cancel_timer(t))
Conf.puts("read fired", Process.read_timer(t))

t = Process.send_after(me, :never, 1000)
left = Process.cancel_timer(t)
Conf.puts("cancel pending: ms left", is_integer(left) and left > 900 and left <= 1000)
Conf.puts("cancel again", Process.cancel_timer(t))
Conf.puts("read cancelled", Process.read_timer(t))

t = Process.send_after(me, :early, 5)
Process.send_after(me, :marker, 200)
receive do
  :marker -> :ok
end
Conf.puts("cancel after arrival", Process.cancel_timer(t))
Conf.puts("mailbox", Conf.messages())

dead = spawn(fn -> :ok end)
Conf.wait_down(Process.monitor(dead))
t = Process.send_after(dead, :x, 100)
Conf.puts("to a dead pid: a ref", is_reference(t))
Conf.puts("to a dead pid: read", Process.read_timer(t))
Conf.puts("to a dead pid: cancel", Process.cancel_timer(t))

{dest, ref} = spawn_monitor(fn -> Process.sleep(:infinity) end)
t = Process.send_after(dest, :x, 1000)
Conf.puts("destination alive: pending", is_integer(Process.read_timer(t)))
Process.exit(dest, :kill)
Conf.wait_down(ref)
Conf.puts("destination died: read", Process.read_timer(t))
Conf.puts("destination died: cancel", Process.cancel_timer(t))

{_starter, ref} = spawn_monitor(fn -> Process.send_after(me, :from_starter, 100) end)
Conf.puts("starter", Conf.wait_down(ref))
receive do
  :from_starter -> IO.puts("got :from_starter after its starter ended")
end

Conf.puts("negative time", Conf.child(fn -> Process.send_after(me, :x, -1) end))
