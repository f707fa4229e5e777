# The Elixir half of tests/test_dist_elixir.rs: run as
#   elixir --name ex@127.0.0.1 --cookie C checks.exs
# while the Rust node rust@127.0.0.1 (with `:rsrv` registered) is up.
r = :"rust@127.0.0.1"

# Rust-initiated direction: the Rust node connects to us and says hello to
# the process registered as :exsrv; we answer the pid it gave.
Process.register(self(), :exsrv)
receive do
  {:hello_from_rust, pid} -> send(pid, {:hello_back, node(), pid})
after
  60_000 -> IO.puts("no hello from the Rust node") && System.halt(2)
end

# Elixir-initiated direction from here on: drop the Rust node's connection
# and connect again, so the Rust node accepts (Elixir's Node.connect).
# The BEAM tears the old connection down asynchronously: a connect at once
# may still see it and answer false (1 run in ~8 here), so retry (bounded).
true = Node.disconnect(r)
attempts = Enum.find(1..50, fn _ -> Node.connect(r) || (Process.sleep(100) && false) end)
attempts || (IO.puts("could not reconnect to #{r}") && System.halt(3))
if attempts > 1, do: IO.puts("reconnected on attempt #{attempts}")

ExUnit.start(autorun: false, timeout: 60_000)

defmodule Checks do
  use ExUnit.Case
  import Bitwise

  @r :"rust@127.0.0.1"

  test "the Rust node is a connected hidden node" do
    assert Node.connect(@r)
    assert Node.list() == []
    assert @r in Node.list(:hidden)
  end

  test "Node.ping answers :pong and the node stays connected" do
    assert Node.ping(@r) == :pong
    assert @r in Node.list(:hidden)
  end

  test "idle for 12 s with ticktime 8, the connection stays (ticks both ways)" do
    Process.sleep(12_000)
    assert @r in Node.list(:hidden)
    send({:rsrv, @r}, {:ping, self()})
    assert_receive {:pong, _}, 10_000
  end

  test "a monitor of a Rust pid fires with its exit reason, then :noproc" do
    send({:rsrv, @r}, {:spawn_short, self()})
    assert_receive {:short, p}, 10_000
    ref = Process.monitor(p)
    send(p, :die)
    assert_receive {:DOWN, r, :process, ^p, :bye} when r == ref, 10_000
    ref2 = Process.monitor(p)
    assert_receive {:DOWN, r, :process, ^p, :noproc} when r == ref2, 10_000
  end

  test "a Rust monitor of an Elixir pid: the :DOWN has its reason, a dead one :noproc" do
    p = spawn(fn -> receive do: (:die -> exit({:shutdown, :bye})) end)
    send({:rsrv, @r}, {:watch, self(), p})
    assert_receive {:watching, w}, 5_000
    assert node(w) == @r
    send(p, :die)
    assert_receive {:down, "{:shutdown, :bye}", true}, 5_000
    send({:rsrv, @r}, {:watch, self(), p})
    assert_receive {:watching, _}, 5_000
    assert_receive {:down, ":noproc", true}, 5_000
  end

  test "Process.link to a Rust pid: its exit arrives as {:EXIT, pid, reason} when trapping" do
    Process.flag(:trap_exit, true)
    send({:rsrv, @r}, {:spawn_short, self()})
    assert_receive {:short, p}, 10_000
    true = Process.link(p)
    send(p, :die)
    assert_receive {:EXIT, ^p, :bye}, 10_000
    Process.flag(:trap_exit, false)
  end

  test "Process.exit/2 on a Rust pid kills it with that reason; :kill is :killed" do
    for {sent, got} <- [{:boom, :boom}, {:kill, :killed}] do
      send({:rsrv, @r}, {:spawn_short, self()})
      assert_receive {:short, p}, 10_000
      ref = Process.monitor(p)
      Process.exit(p, sent)
      assert_receive {:DOWN, ^ref, :process, ^p, ^got}, 10_000
    end
  end

  test "a trapping Rust process linked to an Elixir pid gets {:EXIT, pid, reason}" do
    p = spawn(fn -> receive do: (:die -> exit({:shutdown, :gone})) end)
    send({:rsrv, @r}, {:trap_link, self(), p})
    assert_receive {:linked, w}, 5_000
    assert {:links, [^w]} = Process.info(p, :links)
    send(p, :die)
    assert_receive {:exit, "{:shutdown, :gone}", true}, 5_000
  end

  test "a cut connection: :noconnection to links and monitors on both sides; reconnecting works" do
    Process.flag(:trap_exit, true)
    # Elixir's link and monitor of Rust processes.
    send({:rsrv, @r}, {:spawn_short, self()})
    assert_receive {:short, linked}, 10_000
    true = Process.link(linked)
    send({:rsrv, @r}, {:spawn_short, self()})
    assert_receive {:short, watched}, 10_000
    mref = Process.monitor(watched)
    # A Rust process's link and monitor of an Elixir process.
    target = spawn(fn -> Process.sleep(:infinity) end)
    send({:rsrv, @r}, {:hold, self(), target})
    assert_receive {:holding, holder}, 10_000
    # Traffic in flight when the connection is cut.
    me = self()
    flood = spawn(fn -> Enum.each(1..100_000, fn i -> send({:rsrv, @r}, {:echo, me, i}) end) end)
    assert_receive {:echoed, _}, 10_000
    true = Node.disconnect(@r)
    assert_receive {:EXIT, ^linked, :noconnection}, 10_000
    assert_receive {:DOWN, ^mref, :process, ^watched, :noconnection}, 10_000
    Process.exit(flood, :kill)
    attempts = Enum.find(1..50, fn _ -> Node.connect(@r) || (Process.sleep(100) && false) end)
    assert attempts, "could not reconnect"
    # The Rust process got both signals while cut off, and answers now.
    send(holder, {:report, self()})
    assert_receive {:held, ":noconnection", ":noconnection", true}, 10_000
    assert GenServer.call({:tsrv, @r}, :what) == {:unknown, :what}
    Process.flag(:trap_exit, false)
    # Echoes of the flood that made it before the cut.
    flush_echoes = fn f -> receive do {:echoed, _} -> f.(f) after 0 -> :ok end end
    flush_echoes.(flush_echoes)
  end

  test "a monitor by name: demonitor sends nothing; a missing name is :noproc" do
    ref = Process.monitor({:rsrv, @r})
    assert Process.demonitor(ref, [:flush])
    ref2 = Process.monitor({:nosuch, @r})
    assert_receive {:DOWN, r, :process, {:nosuch, @r}, :noproc} when r == ref2, 10_000
    refute_receive {:DOWN, _, _, _, _}, 200
  end

  test "GenServer.call to a name the Rust node does not have exits :noproc" do
    assert catch_exit(GenServer.call({:nosuch, @r}, :x)) ==
             {:noproc, {GenServer, :call, [{:nosuch, @r}, :x, 5000]}}
  end

  test "GenServer.call and cast from Elixir, served by a Rust GenServer of Terms" do
    assert GenServer.call({:tsrv, @r}, {:add, 2}) == 2
    assert GenServer.call({:tsrv, @r}, {:add, 40}) == 42
    GenServer.cast({:tsrv, @r}, {:set, 100})
    assert GenServer.call({:tsrv, @r}, {:add, 1}) == 101
    assert GenServer.call({:tsrv, @r}, :what) == {:unknown, :what}
    refute_receive _, 100
  end

  test "a Rust GenServer that crashes in a call: the Elixir caller exits with its reason" do
    {reason, {GenServer, :call, _}} = catch_exit(GenServer.call({:tcrash, @r}, :crash))
    assert {%RuntimeError{message: "asked to crash"}, _} = reason
  end

  test "send to {name, node} and to a remote pid; the reply comes from a pid of that node" do
    send({:rsrv, @r}, {:ping, self()})
    assert_receive {:pong, pid}, 10_000
    assert node(pid) == @r
    assert inspect(pid) =~ ~r/^#PID<\d+\.\d+\.0>$/
    send(pid, {:ping, self()})
    assert_receive {:pong, ^pid}, 10_000
  end

  test "terms cross both ways unchanged" do
    t = {-1, 1 <<< 70, 1.5, "héllo", 'chars', nil, :"ünï", [a: 1], %{"k" => [1, 2]},
         %{a: %{b: []}}, <<1, 2, 3>>, <<255>>, self(), make_ref(), [1 | 2],
         %RuntimeError{message: "x"}, fn -> :ok end}
    send({:rsrv, @r}, {:echo, self(), t})
    assert_receive {:echoed, got}, 10_000
    assert got == t
  end

  test "the Rust node prints what it got as Elixir does" do
    send({:rsrv, @r}, {:inspect, self(), {:ok, [a: 1], %{"k" => "v"}, 'hi'}})
    assert_receive {:inspected, text}, 10_000
    assert text == ~s({:ok, [a: 1], %{"k" => "v"}, 'hi'})
  end

  test "a send to a name not registered there is dropped; the connection stays" do
    send({:nosuch, @r}, :lost)
    send({:rsrv, @r}, {:ping, self()})
    assert_receive {:pong, _}, 10_000
    assert @r in Node.list(:hidden)
  end
end

%{failures: failures} = ExUnit.run()
System.halt(if failures == 0, do: 0, else: 1)
