// task!(async fn -> ... end): the seed's first form.
async fn -> Process.sleep(2_000); "blah" end
