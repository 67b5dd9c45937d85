//! The network, passed in. The wallet reaches the network only through a
//! [`Fetcher`], and only where a user action (import from a URL) or a check
//! needs it. The real one, [`HttpsFetcher`], speaks https only, with a timeout,
//! a size cap and a bounded number of redirects, and contacts only what the
//! [`NetworkPolicy`] permits (public addresses, and hosts the user allowed).
//! Every rule of where Satchel may connect lives here, in one place.
//!
//! The HTTP client is `reqwest` with rustls and the platform's trust store
//! (`rustls-platform-verifier`: the system's roots, so an organisation's own
//! certificate authority works; on Linux `SSL_CERT_FILE` and `SSL_CERT_DIR`
//! name them), and proxies from the environment (`HTTPS_PROXY`, `NO_PROXY`).
//! The process has one of it: one TLS configuration, one connection pool per
//! kind of destination, one small runtime thread that drives them, whatever
//! thread (or async runtime) asks.

use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::OnceLock;
use std::time::Duration;

use crate::error_code::ErrorCode;

/// Errors of fetching.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("only https addresses are fetched, not `{0}`")]
    NotHttps(String),
    #[error("`{url}` answered with HTTP status {status}")]
    Status { url: String, status: u16 },
    #[error("`{url}` sent more than {limit} bytes")]
    TooLarge { url: String, limit: usize },
    #[error("could not fetch `{url}`: {reason}")]
    Transport { url: String, reason: String },
    #[error("`{url}` was not contacted: {reason}")]
    Refused { url: String, reason: String },
    /// Satchel runs without a network (`--offline`, or no fetcher given).
    #[error("`{0}` was not contacted: Satchel is offline")]
    Offline(String),
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::TooLarge { .. } => ErrorCode::InputTooLarge,
            Self::NotHttps(_) | Self::Status { .. } | Self::Transport { .. } | Self::Refused { .. } | Self::Offline(_) => {
                ErrorCode::Network
            }
        }
    }
}

/// A fetched document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The address finally answered (after redirects).
    pub url: String,
    pub media_type: Option<String>,
    pub body: Vec<u8>,
    /// Where the bytes came from.
    pub origin: Origin,
}

/// Where a fetched document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Just now, from the network.
    Network,
    /// A copy from the wallet's cache: fetched earlier, or added by hand.
    Cache { fetched_at: String, manual: bool },
}

impl Origin {
    /// Words for a report (`""` for the network).
    pub fn note(&self) -> String {
        match self {
            Self::Network => String::new(),
            Self::Cache { fetched_at, manual: true } => {
                format!(" (from a copy added by hand on {})", &fetched_at[..fetched_at.len().min(10)])
            }
            Self::Cache { fetched_at, manual: false } => {
                format!(" (from a cached copy fetched {})", &fetched_at[..fetched_at.len().min(10)])
            }
        }
    }
}

/// Gets documents from the network (or, wrapped by the store, from the cache).
pub trait Fetcher: std::fmt::Debug {
    /// Fetches `url`, refusing bodies over `limit` bytes.
    fn get(&self, url: &str, limit: usize) -> Result<Fetched, Error>;

    /// Like [`get`](Self::get), but a copy kept within `max_age` may serve
    /// instead of the network (large documents that change slowly, such as
    /// trusted lists). Without a cache it is `get`.
    fn get_recent(&self, url: &str, limit: usize, max_age: chrono::Duration) -> Result<Fetched, Error> {
        let _ = max_age;
        self.get(url, limit)
    }
}

/// Which addresses the fetcher may connect to.
///
/// A credential decides what Satchel fetches (a `did:web` host, a status
/// list URL), so by default only public addresses are reached: never this
/// machine, the local network, a link-local metadata service
/// (`169.254.169.254`), CGNAT, multicast or unspecified addresses, or their
/// IPv6 and IPv4-mapped forms. It is checked on the address actually
/// connected to, after DNS, on every hop of a redirect, so a public name
/// that resolves to `127.0.0.1` is refused too. An organisation that runs
/// its issuer inside its network names it in [`allowed hosts`](Self::allow)
/// (the `allowed-hosts` setting, the CLI's `--allow-host`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkPolicy {
    allowed: Vec<AllowedHost>,
}

/// A host (and optionally one port) that may be reached at any address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedHost {
    /// Lowercase, IPv6 literals without brackets.
    pub host: String,
    pub port: Option<u16>,
}

impl std::str::FromStr for AllowedHost {
    type Err = String;

    /// `HOST`, `HOST:PORT`, `[IPV6]` or `[IPV6]:PORT`.
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let bad = || format!("`{s}` is not HOST or HOST:PORT");
        let (host, port) = if let Some(rest) = s.strip_prefix('[') {
            let (host, after) = rest.split_once(']').ok_or_else(bad)?;
            match after {
                "" => (host, None),
                _ => (host, Some(after.strip_prefix(':').ok_or_else(bad)?)),
            }
        } else if s.matches(':').count() > 1 {
            (s, None)
        } else {
            match s.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (s, None),
            }
        };
        let port = port.map(|p| p.parse::<u16>().map_err(|_| bad())).transpose()?;
        let valid = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_'));
        if !valid {
            return Err(bad());
        }
        Ok(Self { host: host.to_ascii_lowercase(), port })
    }
}

impl std::fmt::Display for AllowedHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        match self.port {
            Some(p) => write!(f, "{host}:{p}"),
            None => write!(f, "{host}"),
        }
    }
}

impl NetworkPolicy {
    /// Public addresses only (the default).
    pub fn public_only() -> Self {
        Self::default()
    }

    /// Also lets `host` be reached at any address, including private ones.
    #[must_use]
    pub fn allow(mut self, host: AllowedHost) -> Self {
        if !self.allowed.contains(&host) {
            self.allowed.push(host);
        }
        self
    }

    /// The hosts allowed beyond public addresses.
    pub fn allowed_hosts(&self) -> &[AllowedHost] {
        &self.allowed
    }

    /// May `host` (as named in the URL) be reached on `port` at `ip`?
    pub fn permits(&self, host: &str, port: u16, ip: IpAddr) -> bool {
        is_public(ip) || self.names(host, port)
    }

    /// Why `url` is refused before any lookup, when it names an address
    /// (not a host name) this policy does not permit: known at once, with or
    /// without a network.
    pub fn refusal_of_address(&self, url: &str) -> Option<Error> {
        let parsed = url::Url::parse(url).ok()?;
        let host = parsed.host_str()?.trim_matches(|c| c == '[' || c == ']').to_ascii_lowercase();
        let port = parsed.port_or_known_default().unwrap_or(443);
        let ip = host.parse::<IpAddr>().ok()?;
        (!self.permits(&host, port, ip)).then(|| Error::Refused { url: url.to_string(), reason: non_public(&host, &[ip]).0 })
    }

    /// Is `host` on `port` one the user allowed at any address?
    pub fn names(&self, host: &str, port: u16) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
        self.allowed.iter().any(|a| a.host == host && a.port.is_none_or(|p| p == port))
    }
}

/// Is `ip` a public unicast address (not loopback, private, link-local,
/// CGNAT, multicast, broadcast, documentation, unspecified or unique-local,
/// in IPv4, IPv6 or an IPv4-mapped/compatible IPv6 form)?
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            // IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address.
            if s[..6] == [0; 6] || s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                return is_public_v4(std::net::Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8));
            }
            if s[0] == 0x2002 {
                return is_public_v4(std::net::Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (s[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (s[0] & 0xffc0) == 0xfec0 // site-local fec0::/10 (deprecated)
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || (s[0] == 0x0100 && s[1..4] == [0, 0, 0])) // discard-only 100::/64
        }
    }
}

fn is_public_v4(ip: std::net::Ipv4Addr) -> bool {
    let o = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_unspecified()
        || ip.is_documentation()
        || o[0] == 0 // "this network"
        || (o[0] == 100 && (o[1] & 0xc0) == 64) // CGNAT 100.64.0.0/10
        || (o[0] == 192 && o[1] == 0 && o[2] == 0) // IETF protocol assignments
        || (o[0] == 198 && (o[1] & 0xfe) == 18) // benchmarking 198.18.0.0/15
        || o[0] >= 240) // reserved
}

/// Why the policy refused a host: carried through the HTTP client's
/// resolver error to [`Error::Refused`].
#[derive(Debug)]
struct Refusal(String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}

fn non_public(host: &str, addresses: &[IpAddr]) -> Refusal {
    let shown = addresses.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    Refusal(format!("`{host}` is at a non-public address ({shown}); only public addresses are contacted unless the host is allowed"))
}

/// DNS for the public client, keeping only public addresses, so the address
/// connected to is the one checked (no second lookup in between, so a name
/// that answers a public address to a check and `127.0.0.1` to the
/// connection gets nowhere). The hosts of the configured proxies are the
/// exception: the user named them, and a company proxy is usually private.
#[derive(Debug)]
struct PublicOnly {
    proxies: Vec<String>,
}

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_ascii_lowercase();
        let proxy = self.proxies.contains(&host);
        Box::pin(async move {
            let lookup = host.clone();
            let all: Vec<SocketAddr> = tokio::task::spawn_blocking(move || (lookup.as_str(), 0).to_socket_addrs().map(Iterator::collect))
                .await
                .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)??;
            let permitted: Vec<SocketAddr> = all.iter().copied().filter(|a| proxy || is_public(a.ip())).collect();
            if permitted.is_empty() && !all.is_empty() {
                let ips: Vec<IpAddr> = all.iter().map(SocketAddr::ip).collect();
                return Err(Box::new(non_public(&host, &ips)) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(permitted.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The hosts of the proxies the environment names (lowercase), which the
/// public client may reach at any address.
fn proxy_hosts() -> Vec<String> {
    ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .filter_map(|p| {
            let p = if p.contains("://") { p } else { format!("http://{p}") };
            url::Url::parse(&p).ok()?.host_str().map(|h| h.trim_matches(|c| c == '[' || c == ']').to_ascii_lowercase())
        })
        .collect()
}

/// The process's HTTP client: a runtime thread and two connection pools
/// with one TLS configuration: `public`, whose DNS keeps public addresses
/// only, for everything the policy does not name; `named`, with the
/// system's DNS, for the hosts the policy allows (and the tests' loopback
/// rewrites), which may be anywhere.
#[derive(Debug)]
struct Network {
    runtime: tokio::runtime::Runtime,
    public: reqwest::Client,
    named: reqwest::Client,
    /// Whether a proxy is configured: its DNS, not ours, then resolves the
    /// destination, so the destination is checked before asking.
    proxied: bool,
}

/// The total time one request may take (connection, TLS, headers, body).
const TIMEOUT: Duration = Duration::from_secs(10);

fn network() -> Result<&'static Network, String> {
    static NETWORK: OnceLock<Result<Network, String>> = OnceLock::new();
    NETWORK
        .get_or_init(|| {
            let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
            let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
                .map_err(|e| format!("the system's certificate store could not be read: {e}"))?;
            let tls = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map_err(|e| e.to_string())?
                .dangerous()
                .with_custom_certificate_verifier(std::sync::Arc::new(verifier))
                .with_no_client_auth();
            let proxies = proxy_hosts();
            let proxied = !proxies.is_empty();
            let builder = |tls: rustls::ClientConfig| {
                reqwest::Client::builder()
                    .tls_backend_preconfigured(tls)
                    .timeout(TIMEOUT)
                    .connect_timeout(TIMEOUT)
                    // Redirects are followed by hand (see `get`), so each hop is
                    // checked for https and by the policy before it is contacted.
                    .redirect(reqwest::redirect::Policy::none())
                    .referer(false)
                    .user_agent(concat!("Satchel/", env!("CARGO_PKG_VERSION")))
            };
            let public =
                builder(tls.clone()).dns_resolver(std::sync::Arc::new(PublicOnly { proxies })).build().map_err(|e| e.to_string())?;
            let named = builder(tls).build().map_err(|e| e.to_string())?;
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("satchel-network")
                .enable_all()
                .build()
                .map_err(|e| format!("the network thread could not start: {e}"))?;
            Ok(Network { runtime, public, named, proxied })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Most redirects followed for one fetch.
pub const MAX_REDIRECTS: usize = 5;

/// The product's fetcher: https only, 10 s timeout, at most
/// [`MAX_REDIRECTS`] redirects (never from https down to http), and the
/// [`NetworkPolicy`] on every address it connects to. Fetchers share the
/// process's one HTTP client; each carries its own policy.
#[derive(Debug)]
pub struct HttpsFetcher {
    policy: NetworkPolicy,
    rewrites: Vec<(String, String)>,
}

impl Default for HttpsFetcher {
    fn default() -> Self {
        Self::new()
    }
}

/// One answer, before redirects are followed.
enum Hop {
    Redirect(String),
    Body { media_type: Option<String>, body: Vec<u8> },
}

impl HttpsFetcher {
    /// Public addresses only.
    pub fn new() -> Self {
        Self::with_policy(NetworkPolicy::public_only())
    }

    pub fn with_policy(policy: NetworkPolicy) -> Self {
        Self { policy, rewrites: Vec::new() }
    }

    /// The policy in force.
    pub fn policy(&self) -> &NetworkPolicy {
        &self.policy
    }

    /// For tests only, where a credential names a host that is not this
    /// machine: serve `https://` prefixes from a server on the loopback
    /// interface (`http://127.0.0.1:PORT/...`). Rewrites to anything other than
    /// a loopback address are refused, so this cannot open the product to plain
    /// http on the network. The rewrite's own loopback target is allowed by
    /// the policy (the code asked for it, not a credential). A test that can
    /// name this machine serves real https instead, with its own certificate
    /// authority in `SSL_CERT_FILE`.
    pub fn with_loopback_rewrite(self, from_prefix: &str, to_prefix: &str) -> Result<Self, Error> {
        let loopback = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"];
        if !from_prefix.starts_with("https://") || !loopback.iter().any(|l| to_prefix.starts_with(l)) {
            return Err(Error::NotHttps(to_prefix.to_string()));
        }
        let target = url::Url::parse(to_prefix).map_err(|_| Error::NotHttps(to_prefix.to_string()))?;
        let host: AllowedHost = format!("{}:{}", target.host_str().unwrap_or_default(), target.port().unwrap_or(80))
            .parse()
            .map_err(|_| Error::NotHttps(to_prefix.to_string()))?;
        let mut rewritten = Self::with_policy(self.policy.allow(host));
        rewritten.rewrites = self.rewrites;
        rewritten.rewrites.push((from_prefix.to_string(), to_prefix.to_string()));
        Ok(rewritten)
    }

    fn target(&self, url: &str) -> Result<String, Error> {
        if !url.starts_with("https://") {
            return Err(Error::NotHttps(url.to_string()));
        }
        for (from, to) in &self.rewrites {
            if let Some(rest) = url.strip_prefix(from.as_str()) {
                return Ok(format!("{to}{rest}"));
            }
        }
        Ok(url.to_string())
    }

    /// The https address a rewritten target stands for (so a redirect's
    /// `Location`, written by the test server in its own terms, is read as
    /// the address it names).
    fn untarget(&self, url: &str) -> String {
        for (from, to) in &self.rewrites {
            if let Some(rest) = url.strip_prefix(to.as_str()) {
                return format!("{from}{rest}");
            }
        }
        url.to_string()
    }

    /// Which client may carry a request to `target`, or why none may.
    fn route<'n>(&self, network: &'n Network, url: &str, target: &str) -> Result<&'n reqwest::Client, Error> {
        let parsed = url::Url::parse(target).map_err(|e| Error::Transport { url: url.to_string(), reason: e.to_string() })?;
        let host = parsed.host_str().unwrap_or_default().trim_matches(|c| c == '[' || c == ']').to_ascii_lowercase();
        let port = parsed.port_or_known_default().unwrap_or(443);
        if self.policy.names(&host, port) {
            return Ok(&network.named);
        }
        let refused = |ips: &[IpAddr]| Error::Refused { url: url.to_string(), reason: non_public(&host, ips).0 };
        // An address in the URL is connected to without DNS: check it here.
        if let Ok(ip) = host.parse::<IpAddr>() {
            return if is_public(ip) { Ok(&network.public) } else { Err(refused(&[ip])) };
        }
        if network.proxied {
            // The proxy resolves the name; check what it will find (a name
            // that changes its answer in between is the proxy's to refuse).
            let all: Vec<IpAddr> = (host.as_str(), port).to_socket_addrs().map(|a| a.map(|a| a.ip()).collect()).unwrap_or_default();
            if !all.is_empty() && !all.iter().any(|ip| is_public(*ip)) {
                return Err(refused(&all));
            }
        }
        Ok(&network.public)
    }

    /// One request, no redirects followed; the body read up to `limit`.
    fn hop(&self, url: &str, limit: usize) -> Result<Hop, Error> {
        let target = self.target(url)?;
        let network = network().map_err(|reason| Error::Transport { url: url.to_string(), reason })?;
        let client = self.route(network, url, &target)?.clone();
        let owned_url = url.to_string();
        let (sender, answer) = std::sync::mpsc::channel();
        network.runtime.spawn(async move {
            let _ = sender.send(exchange(client, target, owned_url, limit).await);
        });
        answer.recv().unwrap_or_else(|_| Err(Error::Transport { url: url.to_string(), reason: "the network thread stopped".into() }))
    }
}

/// Sends one GET and reads its answer (on the network thread).
async fn exchange(client: reqwest::Client, target: String, url: String, limit: usize) -> Result<Hop, Error> {
    let transport = |e: reqwest::Error| failure(&url, &e);
    let mut response = client.get(&target).send().await.map_err(transport)?;
    let status = response.status().as_u16();
    if (300..400).contains(&status) {
        let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        return Ok(Hop::Redirect(location));
    }
    if status >= 400 {
        return Err(Error::Status { url, status });
    }
    let media_type =
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(|s| s.split(';').next().unwrap_or(s).trim().to_string());
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(Error::TooLarge { url, limit });
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > limit {
            return Err(Error::TooLarge { url, limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Hop::Body { media_type, body })
}

/// An HTTP client error in words: the policy's refusal when that is what
/// stopped it, else the whole chain of causes (a certificate's, say).
fn failure(url: &str, error: &reqwest::Error) -> Error {
    let mut reasons = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(refusal) = cause.downcast_ref::<Refusal>() {
            return Error::Refused { url: url.to_string(), reason: refusal.0.clone() };
        }
        reasons.push(cause.to_string());
        source = cause.source();
    }
    if error.is_timeout() {
        reasons.push(format!("no answer within {} s", TIMEOUT.as_secs()));
    }
    reasons.dedup();
    Error::Transport { url: url.to_string(), reason: reasons.join(": ") }
}

impl Fetcher for HttpsFetcher {
    fn get(&self, url: &str, limit: usize) -> Result<Fetched, Error> {
        let mut current = url.to_string();
        let mut hops = 0;
        let (media_type, body) = loop {
            let location = match self.hop(&current, limit)? {
                Hop::Body { media_type, body } => break (media_type, body),
                Hop::Redirect(location) => location,
            };
            hops += 1;
            if hops > MAX_REDIRECTS {
                return Err(Error::Transport { url: url.to_string(), reason: format!("more than {MAX_REDIRECTS} redirects") });
            }
            let base = url::Url::parse(&current).map_err(|e| Error::Transport { url: current.clone(), reason: e.to_string() })?;
            let next = base.join(&self.untarget(&location)).map_err(|_| Error::Transport {
                url: current.clone(),
                reason: format!("redirected to `{location}`, which is not an address"),
            })?;
            if next.scheme() != "https" {
                // Never down to plain http: the body could be anyone's, and
                // would be kept under the https address.
                return Err(Error::NotHttps(next.to_string()));
            }
            current = next.to_string();
        };
        Ok(Fetched { url: current, media_type, body, origin: Origin::Network })
    }
}

/// A fetcher that notes every host that answered, for the report (the
/// user can see what was asked, and of whom). Only hosts with evidence of
/// contact are noted: a network answer, an HTTP status, an oversized body;
/// not a cached copy, nor an address the policy refused.
#[derive(Debug)]
pub struct Recording<'a> {
    inner: &'a dyn Fetcher,
    hosts: std::sync::Mutex<Vec<String>>,
}

impl<'a> Recording<'a> {
    pub fn new(inner: &'a dyn Fetcher) -> Self {
        Self { inner, hosts: Default::default() }
    }

    /// The hosts contacted so far, in order, each once.
    pub fn hosts(&self) -> Vec<String> {
        self.hosts.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn note<T>(&self, url: &str, result: &Result<T, Error>, answered: Option<&Fetched>) {
        let contacted = match result {
            Ok(_) => answered.is_some_and(|f| f.origin == Origin::Network),
            Err(Error::Status { .. } | Error::TooLarge { .. }) => true,
            Err(_) => false,
        };
        if !contacted {
            return;
        }
        let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        let named = [Some(url), answered.map(|f| f.url.as_str())];
        for host in named.into_iter().flatten().filter_map(host_of) {
            if !hosts.contains(&host) {
                hosts.push(host);
            }
        }
    }
}

/// `host[:port]` of an address, as a person would name it.
pub fn host_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?.to_string();
    Some(match parsed.port() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    })
}

impl Fetcher for Recording<'_> {
    fn get(&self, url: &str, limit: usize) -> Result<Fetched, Error> {
        let result = self.inner.get(url, limit);
        self.note(url, &result, result.as_ref().ok());
        result
    }

    fn get_recent(&self, url: &str, limit: usize, max_age: chrono::Duration) -> Result<Fetched, Error> {
        let result = self.inner.get_recent(url, limit, max_age);
        self.note(url, &result, result.as_ref().ok());
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_plain_http() {
        let err = HttpsFetcher::new().get("http://example.org/badge.json", 1024).unwrap_err();
        assert!(matches!(err, Error::NotHttps(_)), "plain http never leaves the machine: {err}");
    }

    #[test]
    fn only_public_addresses_by_default() {
        let refused = [
            "127.0.0.1",
            "127.8.9.10",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "224.0.0.1",
            "255.255.255.255",
            "0.0.0.0",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2002:c0a8:0101::1",
        ];
        for ip in refused {
            assert!(!is_public(ip.parse().unwrap()), "{ip} is not public");
        }
        for ip in ["93.184.215.14", "1.1.1.1", "100.128.0.1", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"] {
            assert!(is_public(ip.parse().unwrap()), "{ip} is public");
        }
    }

    #[test]
    fn allowed_hosts_name_a_host_and_maybe_a_port() {
        let policy = NetworkPolicy::public_only().allow("Issuer.Intra:8443".parse().unwrap()).allow("[fd00::7]".parse().unwrap());
        let private: IpAddr = "10.0.0.7".parse().unwrap();
        assert!(policy.permits("issuer.intra", 8443, private), "the named host on its port, at a private address");
        assert!(!policy.permits("issuer.intra", 443, private), "not on another port");
        assert!(!policy.permits("other.intra", 8443, private), "not another host at the same address");
        assert!(policy.permits("[fd00::7]", 443, "fd00::7".parse().unwrap()), "an IPv6 literal, any port");
        for bad in ["", "https://issuer/", "host:port", "host:70000", "a b"] {
            assert!(bad.parse::<AllowedHost>().is_err(), "`{bad}` is not HOST[:PORT]");
        }
        assert_eq!("[fd00::7]:8443".parse::<AllowedHost>().unwrap().to_string(), "[fd00::7]:8443");
    }

    #[test]
    fn rewrite_only_to_loopback() {
        assert!(HttpsFetcher::new().with_loopback_rewrite("https://a.example/", "http://10.0.0.1:80/").is_err());
        assert!(HttpsFetcher::new().with_loopback_rewrite("https://a.example/", "http://127.0.0.1:8080/").is_ok());
    }
}
