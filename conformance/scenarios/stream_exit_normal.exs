# A stream task that exits :normal gives {:exit, :normal} even without trapping.

normal_on_2 = fn
  2 -> exit(:normal)
  x -> x
end

Conf.puts("exit(:normal)", Task.async_stream([1, 2, 3], normal_on_2) |> Enum.to_list())
Conf.puts("messages", Conf.messages())
