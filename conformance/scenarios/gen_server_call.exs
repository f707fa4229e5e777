# GenServer.call/cast/reply: replies, a deferred reply, casts, the wire protocol a raw
# process sees, and a raw process serving calls.

defmodule Counter do
  use GenServer
  def init({n, to}), do: {:ok, %{n: n, waiting: nil, to: to}}
  def handle_call(:get, _from, s), do: {:reply, s.n, s}
  def handle_call(:defer, from, s), do: (send(s.to, {:deferring, true}); {:noreply, %{s | waiting: from}})
  def handle_cast({:add, k}, s), do: {:noreply, %{s | n: s.n + k}}
  def handle_cast({:release, v}, s) do
    :ok = GenServer.reply(s.waiting, v)
    {:noreply, %{s | waiting: nil}}
  end
end

{:ok, c} = GenServer.start_link(Counter, {40, self()})
Conf.puts("cast", GenServer.cast(c, {:add, 2}))
Conf.puts("call", GenServer.call(c, :get))

me = self()
spawn_link(fn ->
  send(me, {:deferred, GenServer.call(c, :defer)})
end)
# The server is free while the deferred call waits.
Conf.puts("get while deferred", GenServer.call(c, :get))
Conf.recv(:deferring)
GenServer.cast(c, {:release, :later})
Conf.puts("deferred", Conf.recv(:deferred))
Conf.puts("messages", Conf.messages())

raw =
  spawn_link(fn ->
    receive do
      {:"$gen_call", from, req} = msg ->
        send(me, {:raw_got, msg})
        GenServer.reply(from, {:echo, req})
    end
  end)

Conf.puts("raw call", GenServer.call(raw, :hi))
{:"$gen_call", {from_pid, [:alias | ref]}, req} = Conf.recv(:raw_got)
Conf.puts("raw got", {from_pid == me, is_reference(ref), req})

caster = spawn_link(fn -> receive do m -> send(me, {:cast_got, m}) end end)
GenServer.cast(caster, :c1)
Conf.puts("raw cast", Conf.recv(:cast_got))
Conf.puts("cast to dead", GenServer.cast(:c.pid(0, 9999, 0), :x))
