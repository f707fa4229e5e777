# Helpers shared by every conformance scenario (`Code.require_file("../support.exs", __DIR__)`).
# Their Rust twins live in `support.rs`; keep the two in step.

# Crash reports go through Logger, asynchronously: they would interleave with the
# scenario's own lines. Scenarios that check crash-report text capture them explicitly
# with `Conf.capture_log/1`.
Logger.remove_backend(:console)

defmodule Conf do
  @moduledoc false

  @doc "Prints `label: inspect(value)` on one line."
  def puts(label, value), do: IO.puts(label <> ": " <> inspect(value))

  @doc "Runs `fun` in a new process (not linked, monitored); returns its exit reason."
  def child(fun) do
    {pid, ref} = spawn_monitor(fun)

    receive do
      {:DOWN, ^ref, :process, ^pid, reason} -> reason
    end
  end

  @doc "Waits for the `:DOWN` of the monitor `ref`; returns the reason."
  def wait_down(ref) do
    receive do
      {:DOWN, ^ref, :process, _pid, reason} -> reason
    after
      10_000 -> :no_down_within_10s
    end
  end

  @doc "Waits for a message `{tag, value}`; returns `value`."
  def recv(tag) do
    receive do
      {^tag, value} -> value
    after
      10_000 -> {:nothing_within_10s, tag}
    end
  end

  @doc "`{:returned, value}`, or `{:exit_caught, reason}` if `fun` exits."
  def catch_exit(fun) do
    try do
      {:returned, fun.()}
    catch
      :exit, reason -> {:exit_caught, reason}
    end
  end

  @doc "`{:returned, value}`, or `{:raised, Module, message}` if `fun` raises."
  def catch_raise(fun) do
    try do
      {:returned, fun.()}
    rescue
      e -> {:raised, e.__struct__, Exception.message(e)}
    end
  end

  @doc "The calling process's mailbox, oldest first (`Process.info(self(), :messages)`)."
  def messages do
    {:messages, messages} = Process.info(self(), :messages)
    messages
  end

  @doc "A process holding a counter: `bump/1` adds one and returns the new value."
  def counter, do: spawn_link(fn -> counter_loop(0) end)

  def bump(counter) do
    send(counter, {:bump, self()})
    recv(:count)
  end

  def count(counter) do
    send(counter, {:get, self()})
    recv(:count)
  end

  defp counter_loop(n) do
    receive do
      {:bump, from} ->
        send(from, {:count, n + 1})
        counter_loop(n + 1)

      {:get, from} ->
        send(from, {:count, n})
        counter_loop(n)
    end
  end

  @doc """
  Runs `fun` and returns the Logger output it produced (crash reports), in the fixed
  format `[level] message`. `fun` must wait (e.g. on `:DOWN`) for the processes whose
  reports it expects.
  """
  def capture_log(fun) do
    {:ok, _} = Application.ensure_all_started(:ex_unit)
    ExUnit.CaptureLog.capture_log([format: "[$level] $message\n", metadata: []], fun)
  end

  # Runs `fun`, then waits (up to 5 s) until `count` log events have reached
  # :logger. A plain process's crash report is sent by the VM as the process
  # dies, racing its exit signal: a linked process can hear of the death
  # before the report is logged, so `Logger.flush/0` alone may miss it.
  def await_logged(count, fun) do
    me = self()
    :ok = :logger.add_handler(:conf_await_logged, Conf.LogSignal, %{config: %{pid: me}})

    try do
      result = fun.()
      for _ <- 1..count//1, do: receive(do: (:conf_logged -> :ok), after: (5000 -> :ok))
      Logger.flush()
      result
    after
      :logger.remove_handler(:conf_await_logged)
    end
  end
end

defmodule Conf.LogSignal do
  # A :logger handler that tells a waiting process of each event.
  def log(_event, %{config: %{pid: pid}}), do: send(pid, :conf_logged)
end
