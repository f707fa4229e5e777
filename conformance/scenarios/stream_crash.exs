# A crashing async_stream task: kills a non-trapping caller; an element for a trapping one.

crash_on_2 = fn
  2 -> exit(:bad)
  x -> x
end

got = Conf.child(fn -> Task.async_stream([1, 2, 3], crash_on_2) |> Enum.to_list() end)
Conf.puts("not trapping, caller exit", got)

Process.flag(:trap_exit, true)
Conf.puts("trapping", Task.async_stream([1, 2, 3], crash_on_2) |> Enum.to_list())

Conf.puts(
  "zip_input_on_exit",
  Task.async_stream([1, 2, 3], crash_on_2, zip_input_on_exit: true) |> Enum.to_list()
)

raise_on_2 = fn
  2 -> raise "boom"
  x -> x
end

Conf.puts("raise", Task.async_stream([1, 2, 3], raise_on_2) |> Enum.to_list())
Conf.puts("messages", Conf.messages())
