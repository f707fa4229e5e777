impl Idle {
    fn init() -> Init<Self> {
        Init::Ok(Idle)
    }
}
