# Cascades over links: caller -> task -> inner task all die with the same reason.

parent = self()

chain = fn inner_body ->
  {caller, caller_ref} =
    spawn_monitor(fn ->
      task =
        Task.async(fn ->
          inner = Task.async(inner_body)
          send(parent, {:inner, inner.pid})
          Task.await(inner, :infinity)
        end)

      send(parent, {:task, task.pid})
      Task.await(task, :infinity)
    end)

  task = Conf.recv(:task)
  inner = Conf.recv(:inner)
  refs = [Process.monitor(inner), Process.monitor(task), caller_ref]
  {caller, refs}
end

{_caller, refs} = chain.(fn -> Process.sleep(500); exit(:bad) end)
Conf.puts("inner exit(:bad): inner, task, caller", Enum.map(refs, &Conf.wait_down/1))

{caller, refs} = chain.(fn -> Process.sleep(:infinity) end)
Process.exit(caller, :crash)
Conf.puts("caller sent :crash: inner, task, caller", Enum.map(refs, &Conf.wait_down/1))

{_caller, refs} = chain.(fn -> Process.sleep(500); 7 end)
Conf.puts("inner returns: inner, task, caller", Enum.map(refs, &Conf.wait_down/1))
