impl Counter {
    #[call]
    fn reset(&mut self) {}

    #[calll]
    fn get(&mut self) -> i64 {
        self.0
    }
}
