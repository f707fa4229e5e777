// Task.start(fn -> ... end): unlinked.
start fn -> IO.inspect(self()) end
