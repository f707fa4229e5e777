#[inspect(transparent)]
struct UserId(u64);
