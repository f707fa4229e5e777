// A function value (an async fn or a closure in a variable) is called in the task.
async worker
