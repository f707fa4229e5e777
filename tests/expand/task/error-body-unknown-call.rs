// An unknown Process call inside a body: the error replaces the call, the rest expands.
async fn -> Process.slep(10); 1 end
