# A link cascade: a chain of 10,000 processes, each linked to the next and
# parked in a receive; the head crashes. Timed from the crash order to the
# :DOWN of the tail; the equivalent of benches/cascade.rs.
Code.require_file("support.exs", __DIR__)

defmodule Chain do
  def node(1, root) do
    send(root, {:tail, self()})
    park()
  end

  def node(left, root) do
    spawn_link(fn -> node(left - 1, root) end)
    park()
  end

  defp park do
    receive do
      :crash -> exit(:boom)
    end
  end
end

n = 10_000

Bench.measure("link_cascade_10k", 1, fn ->
  root = self()
  head = spawn(fn -> Chain.node(n, root) end)
  tail = receive do: ({:tail, tail} -> tail)
  # Let every process reach its receive.
  Process.sleep(20)
  ref = Process.monitor(tail)

  Bench.time(fn ->
    send(head, :crash)
    receive do: ({:DOWN, ^ref, :process, _, _} -> :ok)
  end)
end)
