# A return's timeout: handle_info(:timeout, s) when no message comes in time; a message
# cancels it; {:continue, c} after a reply.

defmodule Timer do
  use GenServer
  def init(to), do: {:ok, to, 50}
  def handle_call(:arm, _from, to), do: {:reply, :armed, to, 100}
  def handle_call(:arm_long, _from, to), do: {:reply, :armed, to, 2000}
  def handle_call(:then_continue, _from, to), do: {:reply, :replied, to, {:continue, :after}}
  def handle_call(:ping, _from, to), do: {:reply, :pong, to}
  def handle_continue(c, to), do: (send(to, {:seen, {:continue, c}}); {:noreply, to})
  def handle_info(m, to), do: (send(to, {:seen, m}); {:noreply, to})
end

{:ok, t} = GenServer.start(Timer, self())
Conf.puts("after init", Conf.recv(:seen))
Conf.puts("arm", GenServer.call(t, :arm))
Conf.puts("after reply", Conf.recv(:seen))
Conf.puts("arm long", GenServer.call(t, :arm_long))
send(t, :hello)
Conf.puts("message", Conf.recv(:seen))
Conf.puts("ping", GenServer.call(t, :ping))
Conf.puts("then_continue", GenServer.call(t, :then_continue))
Conf.puts("continued", Conf.recv(:seen))
Conf.puts("messages", Conf.messages())
