# The caller's exit reaches its async task over the link (unless the caller ends :normal).

parent = self()

run = fn task_traps, caller_ends ->
  {caller, caller_ref} =
    spawn_monitor(fn ->
      _task =
        Task.async(fn ->
          Process.flag(:trap_exit, task_traps)
          send(parent, {:task, self()})

          receive do
            {:EXIT, _from, reason} -> send(parent, {:task_got, {:EXIT, :caller, reason}})
          after
            500 -> :finished
          end
        end)

      Conf.recv(:go)
      caller_ends.()
    end)

  task = Conf.recv(:task)
  task_ref = Process.monitor(task)
  send(caller, {:go, :now})
  {caller, caller_ref, task, task_ref}
end

report = fn label, {_caller, caller_ref, _task, task_ref} ->
  caller_exit = Conf.wait_down(caller_ref)
  task_exit = Conf.wait_down(task_ref)
  IO.puts("#{label}: caller #{inspect(caller_exit)}, task #{inspect(task_exit)}")
end

report.("caller exit(:crash)", run.(false, fn -> exit(:crash) end))
report.("caller exit(:shutdown)", run.(false, fn -> exit(:shutdown) end))
report.("caller exit({:shutdown, 1})", run.(false, fn -> exit({:shutdown, 1}) end))
report.("caller exit(:kill)", run.(false, fn -> exit(:kill) end))
report.("caller returns", run.(false, fn -> :returned end))

{caller, caller_ref, task, task_ref} = run.(false, fn -> Process.sleep(:infinity) end)
Process.exit(caller, :kill)
report.("caller killed", {caller, caller_ref, task, task_ref})

report.("trapping task, caller exit(:crash)", run.(true, fn -> exit(:crash) end))
Conf.puts("task got", Conf.recv(:task_got))
