// A Rust closure returning a future is called inside the task.
async move || async move { compute().await }
