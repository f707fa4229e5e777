// after :infinity is the same as no after.
text: &'static str => text.len(),
after :infinity => 0
