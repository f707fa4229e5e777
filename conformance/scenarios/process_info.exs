# Process.info: a supervised MFA child's links, monitors, messages, name,
# dictionary ($ancestors, $callers, $initial_call); a dead pid; a plain
# spawn's dictionary; $ancestors of tasks, nested tasks and supervised ones.

defmodule Conf.Worker do
  def wait(parent) do
    send(parent, {:ready, self()})
    receive do
      :stop -> :ok
    end
  end
end

me = self()
{:ok, sup} = Task.Supervisor.start_link(name: Conf.TS)
{:ok, pid} = Task.Supervisor.start_child(Conf.TS, Conf.Worker, :wait, [me])
^pid = Conf.recv(:ready)
send(pid, {:hello, 1})
send(pid, :two)
ref = Process.monitor(pid)
Process.register(pid, :conf_worker)

keys = [:registered_name, :initial_call, :status, :message_queue_len, :messages, :links,
        :monitors, :monitored_by, :dictionary, :trap_exit]
Conf.puts("supervisor", sup)
Conf.puts("me", me)
# The dictionary is a hash table: its order varies between runs, so sorted.
IO.inspect(Process.info(pid, keys) |> Keyword.update!(:dictionary, &Enum.sort/1))
Conf.puts("my monitors", Process.info(me, :monitors))
Conf.puts("registered_name", Process.info(pid, :registered_name))
send(pid, :stop)
Conf.puts("down", Conf.wait_down(ref))
Conf.puts("dead", Process.info(pid))

spawned = spawn(fn -> receive do :stop -> :ok end end)
Conf.puts("spawn", Process.info(spawned, [:registered_name, :initial_call, :dictionary]))
send(spawned, :stop)

t = Task.async(fn -> Process.get(:"$ancestors") end)
Conf.puts("task $ancestors", Task.await(t))
t = Task.async(fn -> Task.await(Task.async(fn -> Process.get(:"$ancestors") end)) end)
Conf.puts("nested $ancestors", Task.await(t) |> tl())
t = Task.Supervisor.async(Conf.TS, fn -> Process.get(:"$ancestors") end)
Conf.puts("supervised $ancestors", Task.await(t))
{:ok, unnamed} = Task.Supervisor.start_link()
t = Task.Supervisor.async_nolink(unnamed, fn -> Process.get(:"$ancestors") end)
Conf.puts("unnamed supervisor's child", Task.await(t) == [unnamed, me])
Conf.puts("supervisor $ancestors", Process.info(sup, :dictionary) |> elem(1) |> Keyword.get(:"$ancestors"))
t = Task.Supervisor.async(Conf.TS, Enum, :sum, [[1, 2]])
Conf.puts("mfa", t.mfa)
Conf.puts("sum", Task.await(t))
