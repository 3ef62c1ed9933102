#[tokio::main]
async fn main() -> std::process::ExitCode {
    // One TLS provider for every rustls user (feed fetching); see STACK_NOTES.
    tidings::crawl::fetch::install_tls_provider();
    match tidings::commands::run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tidings: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
