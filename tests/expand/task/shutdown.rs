// Task.shutdown(task): 5000 ms to stop.
shutdown task
