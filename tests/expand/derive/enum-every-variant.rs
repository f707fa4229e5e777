enum Status<T> {
    Pending,
    HTTPError,
    Charged(T),
    Moved(i32, i32),
    Failed { reason: String, code: u8 },
}
