# Which atoms Elixir prints without quotes: Unicode identifiers (any case,
# `@` after the first character, a trailing `?` or `!`), the operators and
# special forms; and keyword keys, which follow the identifier rule.

defmodule Run do
  def run do
    atoms = ["ok", "café", "Ünïcode", "über?", "ok!", "a@b", "日本", "_", "_foo", "Foo",
             "héllo world", "a-b", "1a", "foo?bar", "ab?c", "$callers", "", "Élixir.Foo"]
    for a <- atoms, do: Conf.puts("atom #{a}", String.to_atom(a))
    ops = ["+", "==", "@", "%{}", "<>", "->", "\\\\", "..//", "=>", "::", "//", "<|>", "^^^"]
    for a <- ops, do: Conf.puts("op #{a}", String.to_atom(a))
    Conf.puts("keyword", [{:café, 1}, {:über?, 2}, {:"a-b", 3}])
    Conf.puts("keyword ops", [{:+, 1}, {:"=>", 2}, {nil, 3}, {true, 4}])
    Conf.puts("alias key", [{:ok, 1}, {Foo, 2}])
    Conf.puts("map", %{:"a-b" => 1, :ok => 2})
    Conf.puts("map alias key", %{Foo => 1})
    Conf.puts("rust keyword", [{nil, 1}, {nil, 2}])
  end
end

Run.run()
