# The Elixir half of examples/cluster (started by the Rust node, main.rs):
# a GenServer :ledger the Rust workers call back, then work sent to the Rust
# node's Task.Supervisor :workers and a call to its GenServer :stats.
defmodule Job, do: defstruct [:id, :text]
defmodule Score, do: defstruct [:id, :words, :longest, :worker]

defmodule Ledger do
  use GenServer
  def init(total), do: {:ok, total}

  def handle_call({:record, id, words}, {from, _tag}, total) do
    IO.puts("elixir: ledger recorded job #{id} (#{words} words) from #{node(from)}")
    {:reply, {:ok, total + words}, total + words}
  end
end

rust = String.to_atom(System.get_env("RUST_NODE", "rust@127.0.0.1"))
{:ok, _} = GenServer.start_link(Ledger, 0, name: :ledger)
true = Node.connect(rust)
IO.puts("elixir: connected to #{rust}")

# (`struct/2`, not `%Job{}`: a script cannot use a struct it defines in the
# same context.)
jobs = [
  struct!(Job, id: 1, text: "the quick brown fox"),
  struct!(Job, id: 2, text: "jumps over the lazy dog"),
  struct!(Job, id: 3, text: "distribution")
]

# One remote task per job, on the Rust node's supervisor, awaited in order.
scores =
  jobs
  |> Enum.map(&Task.Supervisor.async({:workers, rust}, Worker, :score, [&1]))
  |> Task.await_many(10_000)

for %{__struct__: Score, id: id, words: words, longest: longest, worker: pid} <- scores do
  IO.puts("elixir: job #{id} -> #{words} words, longest #{inspect(longest)}, by a process on #{node(pid)}")
end

IO.puts("elixir: :stats says #{inspect(GenServer.call({:stats, rust}, :summary))}")
