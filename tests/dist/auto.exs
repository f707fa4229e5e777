# The Elixir half of tests/test_dist_connect.rs: :exauto echoes
# {:echo, pid, x} as {:echoed, x}. Once it has printed "peer ready", it
# reads an instant (µs since the epoch: the test's starting gun) from stdin
# and at that instant sends {:n, k} for k in 0..49 to {:sink, rust}
# without connecting first, while the Rust node sends to :exauto without
# connecting first: both connect at once.
Process.register(self(), :exauto)
IO.puts("peer ready")
at = IO.gets("") |> String.trim() |> String.to_integer()
spin = fn spin -> if System.os_time(:microsecond) < at, do: spin.(spin) end
spin.(spin)
for k <- 0..49, do: send({:sink, :"m@127.0.0.1"}, {:n, k})

loop = fn loop ->
  receive do
    {:echo, pid, x} ->
      send(pid, {:echoed, x})
      loop.(loop)
  after
    60_000 -> System.halt(0)
  end
end

loop.(loop)
