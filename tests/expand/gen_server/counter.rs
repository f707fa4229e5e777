impl Counter {
    async fn init(start: i64) -> Init<Self> {
        Init::Ok(Counter(start))
    }

    /// The count.
    #[call]
    pub fn get(&mut self) -> i64 {
        self.0
    }

    #[call]
    async fn add_and_get(&mut self, k: i64) -> i64 {
        self.0 += k;
        self.0
    }

    #[cast]
    pub fn add(&mut self, k: i64) {
        self.0 += k;
    }

    #[cast]
    fn halt(&mut self) -> Return<Self> {
        Return::Stop(ExitReason::Normal)
    }

    async fn handle_info(&mut self, msg: Info<Tick>) -> Return<Self> {
        Return::NoReply
    }

    fn helper(&self) -> i64 {
        self.0
    }
}
