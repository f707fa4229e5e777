# The exits of a failed GenServer.call, caught: timeout (and the late reply dropped),
# noproc by pid and by name, calling_self, a crash, an exit, {:stop, r, s}, a throw.

defmodule Srv do
  use GenServer
  def init(_), do: {:ok, :st}
  def handle_call({:sleep, ms}, _from, s), do: (Process.sleep(ms); {:reply, ms, s})
  def handle_call(:get, _from, s), do: {:reply, s, s}
  def handle_call(:crash, _from, _s), do: raise("crash in call")
  def handle_call(:exit, _from, _s), do: exit(:exit_in_call)
  def handle_call(:stop_noreply, _from, s), do: {:stop, :stopped, s}
  def handle_call(:stop_reply, _from, s), do: {:stop, :normal, :bye, s}
  def handle_call(:throw, _from, _s), do: throw(:deep)
end

{:ok, s} = GenServer.start(Srv, nil)
Conf.puts("timeout", Conf.catch_exit(fn -> GenServer.call(s, {:sleep, 200}, 50) end))
Conf.puts("after", GenServer.call(s, :get))
Conf.puts("messages", Conf.messages())

for req <- [:crash, :exit, :stop_noreply, :throw] do
  {:ok, s} = GenServer.start(Srv, nil)
  ref = Process.monitor(s)
  Conf.puts(inspect(req), Conf.catch_exit(fn -> GenServer.call(s, req) end))
  Conf.puts("server", Conf.wait_down(ref))
end

{:ok, s} = GenServer.start(Srv, nil)
ref = Process.monitor(s)
Conf.puts("stop_reply", GenServer.call(s, :stop_reply))
Conf.puts("server", Conf.wait_down(ref))
Conf.puts("dead", Conf.catch_exit(fn -> GenServer.call(s, :get) end))
Conf.puts("unknown name", Conf.catch_exit(fn -> GenServer.call(:not_registered, :get) end))
Conf.puts("self", Conf.catch_exit(fn -> GenServer.call(self(), :get) end))
Conf.puts("messages", Conf.messages())
