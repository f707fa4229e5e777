// Any expression converts with Into<Timeout>.
await task, config.timeout
