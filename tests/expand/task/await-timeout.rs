// Task.await(task, 10_000)
await task, 10_000
