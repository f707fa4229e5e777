// An async fn called in the module-function-arguments form: `.await` it in the task.
async http::fetch(url).await
