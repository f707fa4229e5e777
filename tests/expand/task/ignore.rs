// Task.ignore(task)
ignore task
