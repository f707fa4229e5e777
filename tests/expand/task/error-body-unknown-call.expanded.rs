async fn expansion() {
    ::extask::__private::rt::task::async_task(async move {
        (::core::compile_error! {
            "unknown function `Process.slep` in a task body\nhelp: the `Process` functions a body knows are `Process.sleep`, `Process.send`, `Process.link`, `Process.unlink`, `Process.monitor`, `Process.demonitor`, `Process.exit`, `Process.alive?`\nhelp: did you mean `Process.sleep`?"
        });
        1
    });
}
