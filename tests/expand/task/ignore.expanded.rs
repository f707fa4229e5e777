async fn expansion() {
    ::extask::__private::rt::task::ignore(task).await;
}
