# Exception.format_exit of the reasons Task produces.

task = Task.async(fn -> Process.sleep(500); :late end)
{:exit_caught, reason} = Conf.catch_exit(fn -> Task.await(task, 100) end)
IO.puts(Exception.format_exit(reason))

Process.flag(:trap_exit, true)
task = Task.async(fn -> Process.sleep(50); exit(:bad) end)
{:exit_caught, reason} = Conf.catch_exit(fn -> Task.await(task) end)
IO.puts(Exception.format_exit(reason))

task = Task.async(fn -> Process.sleep(50); raise "boom" end)
{:exit_caught, reason} = Conf.catch_exit(fn -> Task.await(task, 1000) end)
IO.puts(Exception.format_exit(reason))

for reason <- [:normal, :shutdown, {:shutdown, 1}, :killed, :noproc, :custom, {:shutdown, :x}] do
  IO.puts("#{inspect(reason)}: #{Exception.format_exit(reason)}")
end
