//! Tiny loopback HTTP servers for the fixtures the server fetches (feeds, pictures).

/// What the tests' tiny loopback HTTP servers read of a request: its path and lower-cased
/// headers.
#[derive(Debug, Clone)]
pub struct RequestHead {
    pub path: String,
    pub headers: std::collections::HashMap<String, String>,
}

/// Starts a tiny HTTP/1.1 server on a fresh loopback port (one request per connection) that
/// hands each request's head and stream to `respond`; returns the port. For fixtures the
/// server fetches (feeds, pictures), where the tests control every byte of the answer.
pub async fn serve_loopback<Respond, Answer>(respond: Respond) -> u16
where
    Respond: Fn(tokio::net::TcpStream, RequestHead) -> Answer + Send + Sync + 'static,
    Answer: std::future::Future<Output = std::io::Result<()>> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback server");
    let port = listener.local_addr().expect("address").port();
    let respond = std::sync::Arc::new(respond);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let respond = respond.clone();
            tokio::spawn(async move {
                if let Ok(Some(head)) = read_request_head(&mut stream).await {
                    let _ = respond(stream, head).await;
                }
            });
        }
    });
    port
}

async fn read_request_head(
    stream: &mut tokio::net::TcpStream,
) -> std::io::Result<Option<RequestHead>> {
    use tokio::io::AsyncReadExt;
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        let read = stream.read(&mut buffer).await?;
        if read == 0 {
            return Ok(None);
        }
        head.extend_from_slice(&buffer[..read]);
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.split("\r\n");
    let path = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .unwrap_or("/")
        .to_string();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    Ok(Some(RequestHead { path, headers }))
}
