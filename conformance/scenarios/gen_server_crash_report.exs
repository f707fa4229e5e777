# What Logger prints when a GenServer stops abnormally: a crash in a call (client alive),
# an exit in a cast, a raise in handle_info, GenServer.stop with a bad reason, a named
# server, and the default handle_info's "unexpected message".

defmodule Crashy do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call(:crash, _from, _s), do: raise("crash in call")
  def handle_cast(:exit, _s), do: exit(:cast_exit)
  def handle_info(:raise, _s), do: raise(ArgumentError, "bad info")
end

defmodule Plain do
  use GenServer
  def init(s), do: {:ok, s}
end

report = fn start_arg, opts, act ->
  {:ok, s} = GenServer.start(Crashy, start_arg, opts)
  ref = Process.monitor(s)
  log = Conf.capture_log(fn ->
    act.(s)
    Conf.wait_down(ref)
  end)
  IO.write(log)
end

report.(:st, [], fn s -> Conf.catch_exit(fn -> GenServer.call(s, :crash) end) end)
report.(%{n: 1}, [], fn s -> GenServer.cast(s, :exit) end)
report.([1, 2], [], fn s -> send(s, :raise) end)
report.(0, [], fn s -> GenServer.stop(s, :bad) end)
report.(:named_state, [name: :gs_report_named], fn s -> GenServer.cast(s, :exit) end)
report.(:quiet, [], fn s -> GenServer.stop(s, :shutdown) end)

{:ok, p} = GenServer.start(Plain, :s)
log = Conf.capture_log(fn ->
  send(p, :unexpected)
  :s = :sys.get_state(p)
end)
IO.write(log)
