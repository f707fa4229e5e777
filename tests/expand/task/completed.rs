// Task.completed(42)
completed 42
