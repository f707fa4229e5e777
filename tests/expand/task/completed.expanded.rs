async fn expansion() {
    ::extask::__private::rt::task::completed(42);
}
