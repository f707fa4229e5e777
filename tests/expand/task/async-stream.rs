// Task.async_stream(items, fn x -> ... end, options)
async_stream 1..=5, fn x -> Process.sleep(x * 10); x * 2 end, max_concurrency: 2, ordered: false, timeout: 5_000, on_timeout: :kill_task, zip_input_on_exit: true
