// `mut` stays on the arm's binding, not in the matcher.
mut items: Vec<u8> => { items.push(0); items }
