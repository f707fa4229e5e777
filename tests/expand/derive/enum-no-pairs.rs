enum Light {
    Red,
    Green,
}
