# GenServer.stop/3 and terminate/2: reasons, timeouts, an exit in terminate, the order of
# terminate and the reply of {:stop, r, reply, s}.

defmodule Stopper do
  use GenServer
  def init(opts), do: {:ok, opts}
  def handle_call(:stop_reply, _from, opts), do: {:stop, :normal, :bye, opts}
  def terminate(reason, opts) do
    send(opts[:to], {:terminate, reason})
    if opts[:sleep], do: Process.sleep(opts[:sleep])
    if opts[:exit], do: exit(opts[:exit])
  end
end

me = self()
for reason <- [:normal, :shutdown, {:shutdown, :x}] do
  {:ok, s} = GenServer.start(Stopper, to: me)
  Conf.puts("stop #{inspect(reason)}", GenServer.stop(s, reason))
  Conf.puts("terminate", Conf.recv(:terminate))
end

{:ok, s} = GenServer.start(Stopper, to: me)
Conf.puts("dead", Conf.catch_exit(fn -> GenServer.stop(s); GenServer.stop(s) end))
Conf.recv(:terminate)
Conf.puts("unknown", Conf.catch_exit(fn -> GenServer.stop(:nope) end))

{:ok, s} = GenServer.start(Stopper, to: me, sleep: 300)
ref = Process.monitor(s)
Conf.puts("slow", Conf.catch_exit(fn -> GenServer.stop(s, :normal, 50) end))
Conf.puts("alive", Process.alive?(s))
Conf.puts("then", Conf.wait_down(ref))
Conf.recv(:terminate)

{:ok, s} = GenServer.start(Stopper, to: me, exit: :other_reason)
log = Conf.capture_log(fn ->
  Conf.puts("exit in terminate", Conf.catch_exit(fn -> GenServer.stop(s, :change) end))
end)
Conf.recv(:terminate)
IO.write(log)

{:ok, s} = GenServer.start(Stopper, to: me)
Conf.puts("stop_reply", GenServer.call(s, :stop_reply))
Conf.puts("terminate came first", Conf.messages())

Conf.puts("self", Conf.catch_exit(fn -> GenServer.stop(self()) end))
