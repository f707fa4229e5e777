# The Elixir half of tests/test_dist_serde.rs: receives a typed Rust value
# as a term, prints it with inspect, and sends back that term and terms
# made here, for the Rust side to read into its types.
defmodule MyApp.User do
  defstruct [:age, :name]
end

Process.register(self(), :exsrv)

receive do
  {:job, from, job} ->
    IO.puts("got " <> inspect(job))
    user = struct(MyApp.User, name: "ex", age: 41)
    statuses = [:ok, :not_found, :EXIT, {:retry, 2}, {:moved, "y", 9}, {:failed, %{reason: "x"}}]
    send(from, {:back, job, user, statuses, self()})
after
  60_000 ->
    IO.puts("no job in 60 s")
    System.halt(1)
end

receive do
  :done -> IO.puts("done")
after
  60_000 ->
    IO.puts("no :done in 60 s")
    System.halt(1)
end
