struct Secret<'a, T: Clone, const N: usize>
where
    T: Send,
{
    user: &'a str,
    #[inspect(skip)]
    password: [T; N],
}
