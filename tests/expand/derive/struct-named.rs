struct Payment {
    amount: u32,
    r#type: &'static str,
}
