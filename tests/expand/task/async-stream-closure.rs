// A Rust closure taking the item, passed as is.
async_stream urls, |url| async move { fetch(url).await }, [max_concurrency: 8]
