// Elixir's `receive do after 100 -> :ok end`: a sleep that keeps the mailbox.
after 100 => "timeout"
