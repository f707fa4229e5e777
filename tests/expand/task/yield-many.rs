// Task.yield_many(tasks, limit: 2, on_timeout: :kill_task) with a positional timeout.
yield_many tasks, 400, limit: 2, on_timeout: :kill_task
