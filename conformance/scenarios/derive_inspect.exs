# How Elixir prints the values `#[derive(Inspect)]` maps Rust types to: a
# struct (fields in definition order), one with fields left out (`except:`),
# atoms for unit variants, tagged tuples, a tag with a map, a record for a
# tuple struct, and a keyword list of tag/value pairs; wrapped by IO.inspect.

defmodule Payment do
  defstruct [:amount, :currency, :note]
end

defmodule Secret do
  @derive {Inspect, except: [:password]}
  defstruct [:user, :password, :age]
end

defmodule Marker do
  defstruct []
end

defmodule Run do
  def run do
    Conf.puts("struct", %Payment{amount: 12, currency: "EUR", note: nil})
    Conf.puts("unit struct", %Marker{})
    Conf.puts("except", %Secret{user: "jo", password: "hunter2", age: 3})
    Conf.puts("tuple struct", {:point, 1, 2})
    Conf.puts("statuses", [:pending, :http_error, {:charged, 12}, {:moved, 1, 2}])
    Conf.puts("struct variant", {:failed, %{reason: "declined", code: 51}})
    Conf.puts("keyword", [{:charged, 12}, {:failed, %{reason: "declined", code: 51}}])
    IO.inspect(%Payment{amount: Enum.to_list(1..30), currency: "EUR", note: {:failed, %{reason: String.duplicate("x", 60), code: 1}}})
  end
end

Run.run()
