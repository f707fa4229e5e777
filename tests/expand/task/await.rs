// Task.await(task): 5000 ms.
await task
