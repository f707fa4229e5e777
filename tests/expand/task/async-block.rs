// An async block is the task's future itself.
async async move { 1 + 1 }
