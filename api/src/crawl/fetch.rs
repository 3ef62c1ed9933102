//! Fetching a feed without becoming a proxy into the private network (SSRF).
//!
//! Every hop is checked the same way: the scheme must be http or https, the host is resolved
//! here, every address it resolves to must be public (or allowed by `TIDINGS_FEED_FETCH_ALLOW`),
//! and the connection then goes to exactly those checked addresses (`resolve_to_addrs`), so a
//! DNS answer that changes between the check and the connect (DNS rebinding) cannot slip in.
//! Redirects are followed here, not by the HTTP client, so each target is checked too.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Once;
use std::time::Duration;

use ipnet::IpNet;
use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT, ETAG, HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION,
};
use url::{Host, Url};

use crate::config::Settings;

/// What a fetch may do: where it may go and how much it may take.
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    allowed_networks: Vec<IpNet>,
    allowed_hosts: Vec<String>,
    pub max_bytes: usize,
    pub timeout: Duration,
    pub max_redirects: u32,
}

impl FetchPolicy {
    pub fn from_settings(settings: &Settings) -> FetchPolicy {
        let mut policy = FetchPolicy {
            allowed_networks: Vec::new(),
            allowed_hosts: Vec::new(),
            max_bytes: settings.feed_fetch_max_bytes,
            timeout: Duration::from_secs(settings.feed_fetch_timeout_secs.max(1)),
            max_redirects: settings.feed_fetch_max_redirects,
        };
        for item in settings
            .feed_fetch_allow
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
        {
            if let Ok(network) = IpNet::from_str(item) {
                policy.allowed_networks.push(network);
            } else if let Ok(address) = IpAddr::from_str(item) {
                policy.allowed_networks.push(IpNet::from(address));
            } else {
                policy.allowed_hosts.push(item.to_ascii_lowercase());
            }
        }
        policy
    }

    fn host_allowed(&self, host: &str) -> bool {
        self.allowed_hosts
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(host))
    }

    fn address_allowed(&self, address: IpAddr) -> bool {
        is_public(address)
            || self
                .allowed_networks
                .iter()
                .any(|network| network.contains(&address))
    }
}

/// Conditional-request validators from the previous successful fetch.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

#[derive(Debug)]
pub enum Fetched {
    /// 304: the feed has not changed since the validators were issued.
    NotModified,
    Body {
        bytes: Vec<u8>,
        validators: Validators,
        /// Where the body came from after redirects (base for relative links).
        url: Url,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("only http and https addresses can be fetched, not {0}")]
    Scheme(String),
    #[error("the address has no host")]
    NoHost,
    #[error("{}", blocked_message(host, address, kind))]
    Blocked {
        host: String,
        address: IpAddr,
        kind: &'static str,
    },
    #[error("cannot resolve {host}: {message}")]
    Dns { host: String, message: String },
    #[error("more than {0} redirects")]
    TooManyRedirects(u32),
    #[error("a redirect without a valid Location header")]
    BadRedirect,
    #[error("the feed is larger than the {} limit", human_bytes(*.0))]
    TooLarge(usize),
    #[error("no complete answer within {} s", .0.as_secs())]
    Timeout(Duration),
    #[error("the server answered HTTP {0}")]
    Status(u16),
    #[error("{0}")]
    Network(String),
}

fn blocked_message(host: &str, address: &IpAddr, kind: &str) -> String {
    if host == address.to_string() {
        format!("{address} is a {kind} address; feeds may not be fetched from it")
    } else {
        format!("{host} resolves to {address}, a {kind} address; feeds may not be fetched from it")
    }
}

fn human_bytes(bytes: usize) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}

/// Installs the ring TLS provider for rustls once per process (a second install is refused
/// harmlessly; `main` and the tests may have done it already).
pub fn install_tls_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Fetches `url` within the policy's limits, sending the validators as conditional headers.
#[tracing::instrument(skip(policy, validators))]
pub async fn fetch(
    policy: &FetchPolicy,
    url: &str,
    validators: &Validators,
) -> Result<Fetched, FetchError> {
    let url =
        Url::parse(url).map_err(|error| FetchError::Network(format!("bad address: {error}")))?;
    match tokio::time::timeout(policy.timeout, fetch_following(policy, url, validators)).await {
        Ok(result) => result,
        Err(_) => Err(FetchError::Timeout(policy.timeout)),
    }
}

async fn fetch_following(
    policy: &FetchPolicy,
    mut url: Url,
    validators: &Validators,
) -> Result<Fetched, FetchError> {
    install_tls_provider();
    let mut redirects = 0;
    loop {
        let addresses = checked_addresses(policy, &url).await?;
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(policy.timeout)
            .user_agent(concat!(
                "Tidings/",
                env!("CARGO_PKG_VERSION"),
                " feed importer"
            ));
        if let Some(Host::Domain(domain)) = url.host() {
            builder = builder.resolve_to_addrs(domain, &addresses);
        }
        let client = builder
            .build()
            .map_err(|error| FetchError::Network(error.to_string()))?;
        let mut request = client.get(url.clone()).header(
            ACCEPT,
            "application/atom+xml, application/rss+xml, application/feed+json, \
             application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5",
        );
        if let Some(etag) = &validators.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(last_modified) = &validators.last_modified {
            request = request.header(IF_MODIFIED_SINCE, last_modified);
        }
        let mut response = request.send().await.map_err(network_error)?;
        let status = response.status();
        if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
            redirects += 1;
            if redirects > policy.max_redirects {
                return Err(FetchError::TooManyRedirects(policy.max_redirects));
            }
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|value| value.to_str().ok())
                .ok_or(FetchError::BadRedirect)?;
            url = url.join(location).map_err(|_| FetchError::BadRedirect)?;
            continue;
        }
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            return Err(FetchError::Status(status.as_u16()));
        }
        if response
            .content_length()
            .is_some_and(|length| length > policy.max_bytes as u64)
        {
            return Err(FetchError::TooLarge(policy.max_bytes));
        }
        let validators = validators_of(response.headers());
        // Streamed, so a body without a length (or with a false one) stops at the limit.
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(network_error)? {
            if bytes.len() + chunk.len() > policy.max_bytes {
                return Err(FetchError::TooLarge(policy.max_bytes));
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok(Fetched::Body {
            bytes,
            validators,
            url,
        });
    }
}

fn network_error(error: reqwest::Error) -> FetchError {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    FetchError::Network(text)
}

fn validators_of(headers: &HeaderMap) -> Validators {
    let header = |name| {
        headers
            .get(name)
            .and_then(|value: &reqwest::header::HeaderValue| value.to_str().ok())
            .map(str::to_string)
            .filter(|value| !value.is_empty() && value.len() <= 255)
    };
    Validators {
        etag: header(ETAG),
        last_modified: header(LAST_MODIFIED).filter(|value| value.len() <= 64),
    }
}

/// Resolves the URL's host and returns its addresses if every one of them may be reached.
async fn checked_addresses(policy: &FetchPolicy, url: &Url) -> Result<Vec<SocketAddr>, FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::Scheme(url.scheme().to_string()));
    }
    let port = url.port_or_known_default().ok_or(FetchError::NoHost)?;
    let (name, addresses) = match url.host().ok_or(FetchError::NoHost)? {
        Host::Ipv4(address) => (address.to_string(), vec![IpAddr::V4(address)]),
        Host::Ipv6(address) => (address.to_string(), vec![IpAddr::V6(address)]),
        Host::Domain(domain) => {
            let resolved: Vec<IpAddr> = tokio::net::lookup_host((domain, port))
                .await
                .map_err(|error| FetchError::Dns {
                    host: domain.to_string(),
                    message: error.to_string(),
                })?
                .map(|address| address.ip())
                .collect();
            if resolved.is_empty() {
                return Err(FetchError::Dns {
                    host: domain.to_string(),
                    message: "no addresses".into(),
                });
            }
            if policy.host_allowed(domain) {
                return Ok(resolved
                    .into_iter()
                    .map(|address| SocketAddr::new(address, port))
                    .collect());
            }
            (domain.to_string(), resolved)
        }
    };
    // One forbidden address refuses the host: a name that mixes public and private answers is
    // exactly what a rebinding attack looks like.
    for address in &addresses {
        if !policy.address_allowed(*address) {
            return Err(FetchError::Blocked {
                host: name,
                address: *address,
                kind: classify(*address).unwrap_or("non-public"),
            });
        }
    }
    Ok(addresses
        .into_iter()
        .map(|address| SocketAddr::new(address, port))
        .collect())
}

/// Whether an address is on the public internet.
pub fn is_public(address: IpAddr) -> bool {
    classify(address).is_none()
}

/// The kind of non-public address this is, or `None` for a public one.
pub fn classify(address: IpAddr) -> Option<&'static str> {
    match address {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn in_v4(address: Ipv4Addr, network: [u8; 4], prefix: u32) -> bool {
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - prefix)
    };
    u32::from(address) & mask == u32::from(Ipv4Addr::from(network)) & mask
}

fn classify_v4(address: Ipv4Addr) -> Option<&'static str> {
    const RANGES: [([u8; 4], u32, &str); 16] = [
        ([0, 0, 0, 0], 8, "unspecified (\"this network\")"),
        ([10, 0, 0, 0], 8, "private"),
        ([100, 64, 0, 0], 10, "shared (CGNAT)"),
        ([127, 0, 0, 0], 8, "loopback"),
        ([169, 254, 0, 0], 16, "link-local"),
        ([172, 16, 0, 0], 12, "private"),
        ([192, 0, 0, 0], 24, "IETF protocol-assignment"),
        ([192, 0, 2, 0], 24, "documentation"),
        ([192, 31, 196, 0], 24, "AS112"),
        ([192, 52, 193, 0], 24, "AMT"),
        ([192, 88, 99, 0], 24, "6to4 relay"),
        ([192, 168, 0, 0], 16, "private"),
        ([198, 18, 0, 0], 15, "benchmarking"),
        ([198, 51, 100, 0], 24, "documentation"),
        ([203, 0, 113, 0], 24, "documentation"),
        ([224, 0, 0, 0], 3, "multicast or reserved"),
    ];
    RANGES
        .iter()
        .find(|(network, prefix, _)| in_v4(address, *network, *prefix))
        .map(|(_, _, kind)| *kind)
}

fn classify_v6(address: Ipv6Addr) -> Option<&'static str> {
    let segments = address.segments();
    if address.is_unspecified() {
        return Some("unspecified");
    }
    if address.is_loopback() {
        return Some("loopback");
    }
    // ::ffff:a.b.c.d and the deprecated ::a.b.c.d: refused whatever the IPv4 address, since
    // stacks differ in how they route them.
    if segments[..5] == [0, 0, 0, 0, 0] && (segments[5] == 0xffff || segments[5] == 0) {
        return Some("IPv4-mapped");
    }
    let first = segments[0];
    match first {
        _ if first & 0xfe00 == 0xfc00 => Some("unique-local (private)"),
        _ if first & 0xffc0 == 0xfe80 => Some("link-local"),
        _ if first & 0xffc0 == 0xfec0 => Some("site-local"),
        _ if first & 0xff00 == 0xff00 => Some("multicast"),
        // NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48) reaches IPv4 through a gateway.
        0x0064 if segments[1] == 0xff9b => Some("NAT64"),
        0x0100 if segments[1..4] == [0, 0, 0] => Some("discard-only"),
        0x2001 if segments[1] == 0x0db8 => Some("documentation"),
        // 2001::/23: IETF protocol assignments (Teredo, ORCHID, benchmarking …).
        0x2001 if segments[1] < 0x0200 => Some("IETF protocol-assignment"),
        0x2002 => {
            // 6to4 embeds an IPv4 address: it is as public as that address.
            let embedded = Ipv4Addr::new(
                (segments[1] >> 8) as u8,
                segments[1] as u8,
                (segments[2] >> 8) as u8,
                segments[2] as u8,
            );
            classify_v4(embedded).map(|_| "6to4 of a non-public IPv4")
        }
        0x3fff if segments[1] < 0x1000 => Some("documentation"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<&'static str> {
        classify(IpAddr::from_str(text).expect("an address"))
    }

    #[test]
    fn internal_addresses_are_refused() {
        for address in [
            "127.0.0.1",
            "127.1.2.3",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "0.0.0.0",
            "192.0.2.10",
            "198.51.100.7",
            "203.0.113.9",
            "198.18.0.1",
            "224.0.0.1",
            "239.255.255.250",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:8.8.8.8",
            "::127.0.0.1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "64:ff9b::a00:1",
            "2002:7f00:1::1",
            "2001::1",
        ] {
            assert!(kind(address).is_some(), "{address} must be refused");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for address in [
            "8.8.8.8",
            "1.1.1.1",
            "93.184.216.34",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700:4700::1111",
            "2a00:1450:4001::200e",
            "2002:0808:0808::1",
        ] {
            assert_eq!(kind(address), None, "{address} is public");
        }
    }

    #[test]
    fn the_allow_list_takes_networks_addresses_and_hosts() {
        let settings = Settings {
            feed_fetch_allow: "10.0.0.0/8, 127.0.0.1 ,Intranet.Example".into(),
            ..Settings::default()
        };
        let policy = FetchPolicy::from_settings(&settings);
        assert!(policy.address_allowed("10.9.8.7".parse().expect("ip")));
        assert!(policy.address_allowed("127.0.0.1".parse().expect("ip")));
        assert!(!policy.address_allowed("127.0.0.2".parse().expect("ip")));
        assert!(policy.host_allowed("intranet.example"));
        assert!(!policy.host_allowed("localhost"));
    }

    #[tokio::test]
    async fn names_resolving_to_loopback_are_refused_before_connecting() {
        let policy = FetchPolicy::from_settings(&Settings::default());
        for url in [
            "http://localhost:9/feed.xml",
            "http://127.0.0.1:9/",
            "http://[::1]:9/",
            "http://0x7f.1/",
        ] {
            let error = fetch(&policy, url, &Validators::default())
                .await
                .expect_err("refused");
            assert!(
                matches!(error, FetchError::Blocked { .. }),
                "{url}: {error}"
            );
        }
        let error = fetch(&policy, "file:///etc/passwd", &Validators::default())
            .await
            .expect_err("refused");
        assert!(matches!(error, FetchError::Scheme(_)), "{error}");
    }
}
