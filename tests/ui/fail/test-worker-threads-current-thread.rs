// worker_threads needs the multi-thread runtime.
#[extask::test(flavor = "current_thread", worker_threads = 2)]
async fn runs() {}

fn main() {}
