// Task.yield(task, 1_000): borrows the task, which stays usable.
yield task, 1_000
