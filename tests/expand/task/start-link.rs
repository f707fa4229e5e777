// Task.start_link(fn -> ... end): {:ok, pid}, linked, the value discarded.
start_link fn -> Process.sleep(2_000); "blah" end
