// Task.shutdown(task, :brutal_kill)
shutdown task, :brutal_kill
