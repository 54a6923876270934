// mimalloc: reading a large plan or folder allocates and frees hundreds of
// thousands of small values (JSON maps, bill lines); glibc's allocator spent
// about 40% of such a run in malloc and free (benches/terraform.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(archplan::run(std::env::args_os()));
}
