// Task.await_many(tasks, 1_000)
await_many tasks, 1_000
