// An unknown verb: one compile_error!, spanned at the verb.
asynk fn -> 1 end
