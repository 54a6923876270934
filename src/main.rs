fn main() {
    std::process::exit(archplan::run(std::env::args_os()));
}
