# How IO.inspect lays out a keyword list that does not fit on one line: one
# pair a line, a value that is itself too long broken under its key.

defmodule Run do
  def run do
    IO.inspect(for i <- 1..12, do: {String.to_atom("key_#{i}"), String.duplicate("v", i)})
    IO.inspect([a: Enum.to_list(1..40), b: %{c: String.duplicate("x", 70)}])
    IO.inspect([ok: 1, error: "short"])
  end
end

Run.run()
