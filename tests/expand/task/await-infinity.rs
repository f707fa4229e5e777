// Task.await(task, :infinity)
await task, :infinity
