// The arms' expressions know the Elixir calls too, and may await.
pid: Pid => { Process.sleep(10); send(pid, "pong") }
