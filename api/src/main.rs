#[tokio::main]
async fn main() -> std::process::ExitCode {
    match tidings::cli::run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tidings: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
