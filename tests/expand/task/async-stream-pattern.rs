// A tuple pattern takes each pair apart.
async_stream pairs, fn (a, b): (u64, u64) -> a + b end
