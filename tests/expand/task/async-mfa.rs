// Task.async(Billing, :charge, [order, self()]): the arguments are evaluated by the caller.
async billing::charge(order, self())
