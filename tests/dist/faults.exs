# The Elixir half of tests/test_dist_faults.rs: run as
#   elixir --name exf@127.0.0.1 --cookie C --erl "-kernel net_ticktime 4" faults.exs
# while the Rust node rfault@127.0.0.1 (ticktime 4 s; `:rsrv`, `:log` and the
# task supervisor `:rsup` registered) is up. The Rust node connects first;
# the checks then cut the connection from the Rust side, stop this OS
# process (SIGSTOP, by the Rust node) until the Rust node's tick timeout
# drops it, and compare what each side's links and monitors got.
defmodule Slow do
  use GenServer
  def init(_), do: {:ok, nil}
  def handle_call({:sleep, ms}, _, s) do
    send(:faults_test, :in_call)
    Process.sleep(ms)
    {:reply, :slept, s}
  end
end

defmodule Faults do
  def sleep(ms) do
    send(:faults_test, :in_task)
    Process.sleep(ms)
    :slept
  end
end

{:ok, _} = GenServer.start(Slow, nil, name: :exslow)
{:ok, _} = Task.Supervisor.start_link(name: :exsup)
Process.register(self(), :faults)
receive do
  {:hello_from_rust, pid} -> send(pid, :hello_back)
after
  60_000 -> IO.puts("no hello from the Rust node") && System.halt(2)
end

ExUnit.start(autorun: false, timeout: 120_000, seed: 0)

defmodule Checks do
  use ExUnit.Case

  @r :"rfault@127.0.0.1"

  # The connection is gone on this side; connect again (bounded retry:
  # the BEAM tears the old one down asynchronously).
  defp reconnect do
    attempts = Enum.find(1..100, fn _ -> Node.connect(@r) || (Process.sleep(100) && false) end)
    assert attempts, "could not reconnect to #{@r}"
  end

  # The lines the Rust node's observers logged, once there are `n`; sorted.
  defp report(n) do
    send({:log, @r}, {:report, self(), n})
    assert_receive {:report, lines}, 30_000
    Enum.sort(lines)
  end

  defp short do
    send({:rsrv, @r}, {:spawn_short, self()})
    assert_receive {:short, p}, 10_000
    p
  end

  # A link and a monitor of Rust processes, and a Rust process's link and
  # monitor of one of ours.
  defp relations do
    Process.flag(:trap_exit, true)
    linked = short()
    true = Process.link(linked)
    watched = short()
    mref = Process.monitor(watched)
    target = spawn(fn -> Process.sleep(:infinity) end)
    send({:rsrv, @r}, {:hold, self(), target})
    assert_receive {:holding, _}, 10_000
    {linked, watched, mref}
  end

  test "the Rust node cuts the connection mid-traffic: links, monitors, calls and tasks on both sides" do
    Process.register(self(), :faults_test)
    {linked, watched, mref} = relations()
    named = spawn(fn -> Process.sleep(:infinity) end)
    Process.register(named, :exname)
    send({:rsrv, @r}, {:watch_name, self(), :exname})
    assert_receive :watching_name, 10_000
    send({:rsrv, @r}, {:watch_node, self()})
    assert_receive :watching_node, 10_000
    send({:rsrv, @r}, {:watch_nodes, self()})
    assert_receive :watching_nodes, 10_000
    # A Rust GenServer.call and a Rust Task.await in flight here, and an
    # Elixir Task.await of a Rust task.
    send({:rsrv, @r}, {:call_slow, self()})
    assert_receive :in_call, 10_000
    send({:rsrv, @r}, {:task_slow, self()})
    assert_receive :in_task, 10_000
    me = self()
    spawn(fn ->
      t = Task.Supervisor.async_nolink({:rsup, @r}, Faults, :sleep, [60_000, me])
      send(me, {:awaited, catch_exit(Task.await(t, 120_000))})
    end)
    assert_receive :in_rust_task, 10_000
    # Traffic both ways when the connection is cut.
    flood = spawn(fn -> Enum.each(1..100_000, fn i -> send({:rsrv, @r}, {:echo, me, i}) end) end)
    assert_receive {:echoed, _}, 10_000
    send({:rsrv, @r}, {:cut, self()})
    assert_receive {:EXIT, ^linked, :noconnection}, 10_000
    assert_receive {:DOWN, ^mref, :process, ^watched, :noconnection}, 10_000
    assert_receive {:awaited, {{:nodedown, @r}, {Task, :await, [%Task{}, 120_000]}}}, 10_000
    Process.exit(flood, :kill)
    refute @r in Node.list(:hidden)
    reconnect()
    [await, call | rest] = report(10)
    assert await =~ ~r/^await: \{\{:nodedown, :"exf@127.0.0.1"\}, \{Task, :await, \[%Task\{mfa: \{Faults, :sleep, 1\}, owner: #PID<\d+\.\d+\.\d+>/
    assert call ==
             ~s(call: {{:nodedown, :"exf@127.0.0.1"}, {GenServer, :call, [{:exslow, :"exf@127.0.0.1"}, {:sleep, 60000}, 120000]}})
    assert rest == [
             "disconnect again: false",
             "disconnect: true",
             "hold: :noconnection :noconnection true",
             ~s(name: {:exname, :"exf@127.0.0.1"} :noconnection true),
             ~s(nodedown: {:nodedown, :"exf@127.0.0.1"}),
             ~s(nodedown: {:nodedown, :"exf@127.0.0.1"}),
             ~s(nodes: {:nodedown, :"exf@127.0.0.1"}),
             ~s(nodes: {:nodeup, :"exf@127.0.0.1"})
           ]
    send({:rsrv, @r}, {:ping, self()})
    assert_receive {:pong, _}, 10_000
    Process.flag(:trap_exit, false)
    flush = fn f -> receive do {:echoed, _} -> f.(f) after 0 -> :ok end end
    flush.(flush)
  end

  test "a stopped node: the Rust side drops it after the tick timeout, this side then sees the connection gone" do
    {linked, watched, mref} = relations()
    send({:rsrv, @r}, {:stop_me, self(), System.pid()})
    # Stopped (SIGSTOP) around here until the Rust node has dropped us.
    assert_receive {:EXIT, ^linked, :noconnection}, 60_000
    assert_receive {:DOWN, ^mref, :process, ^watched, :noconnection}, 60_000
    reconnect()
    assert report(2) == [
             "hold: :noconnection :noconnection true",
             ~s(tick: {:nodedown, :"exf@127.0.0.1"} within bounds: true)
           ]
    Process.flag(:trap_exit, false)
  end

  test "a Rust task of Task.Supervisor.async dies with its Elixir owner (the owner links to it)" do
    me = self()
    owner = spawn(fn ->
      t = Task.Supervisor.async({:rsup, @r}, Faults, :sleep, [60_000, me])
      send(me, {:task, t.pid})
      receive do: (:die -> exit(:boom))
    end)
    assert_receive {:task, pid}, 10_000
    assert_receive :in_rust_task, 10_000
    ref = Process.monitor(pid)
    send(owner, :die)
    assert_receive {:DOWN, ^ref, :process, ^pid, :boom}, 10_000
  end

  test "a Rust task whose owner ends before sending it the MFA exits {:shutdown, reason}" do
    me = self()
    owner = spawn(fn ->
      owner = {node(), self(), self()}
      start = {:start_task, [owner, :monitor], :temporary, nil}
      {:ok, pid} = GenServer.call({:rsup, @r}, start, :infinity)
      send(me, {:task, pid})
      receive do: (:die -> exit(:gone))
    end)
    assert_receive {:task, pid}, 10_000
    ref = Process.monitor(pid)
    send(owner, :die)
    assert_receive {:DOWN, ^ref, :process, ^pid, {:shutdown, :gone}}, 10_000
  end

  test "a Rust monitor of {name, node}: :noproc for a missing name, the exit reason of a registered one" do
    send({:rsrv, @r}, {:watch_name, self(), :nosuch})
    assert_receive :watching_name, 10_000
    assert report(1) == [~s(name: {:nosuch, :"exf@127.0.0.1"} :noproc true)]
    p = spawn(fn -> receive do: (:die -> exit({:shutdown, :bye})) end)
    Process.register(p, :exname2)
    send({:rsrv, @r}, {:watch_name, self(), :exname2})
    assert_receive :watching_name, 10_000
    send(p, :die)
    assert report(1) == [~s(name: {:exname2, :"exf@127.0.0.1"} {:shutdown, :bye} true)]
  end
end

%{failures: failures} = ExUnit.run()
System.halt(if failures == 0, do: 0, else: 1)
