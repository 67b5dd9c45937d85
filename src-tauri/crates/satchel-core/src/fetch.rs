//! The network, passed in. The wallet reaches the network only through a
//! [`Fetcher`], and only where a user action (import from a URL) or a check
//! needs it. The real one, [`HttpsFetcher`], speaks https only, with a timeout,
//! a size cap and a bounded number of redirects.

use std::io::Read;
use std::time::Duration;

use crate::error::ErrorCode;

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
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::TooLarge { .. } => ErrorCode::InputTooLarge,
            Self::NotHttps(_) | Self::Status { .. } | Self::Transport { .. } => ErrorCode::Network,
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

/// The product's fetcher: https only, 10 s timeout, at most 5 redirects (never
/// from https down to http).
#[derive(Debug)]
pub struct HttpsFetcher {
    agent: ureq::Agent,
    rewrites: Vec<(String, String)>,
}

impl Default for HttpsFetcher {
    fn default() -> Self {
        Self::new()
    }
}

impl HttpsFetcher {
    pub fn new() -> Self {
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(10))
            .redirects(5)
            .user_agent(concat!("Satchel/", env!("CARGO_PKG_VERSION")))
            .build();
        Self { agent, rewrites: Vec::new() }
    }

    /// For tests only: serve `https://` prefixes from a server on the loopback
    /// interface (`http://127.0.0.1:PORT/...`). Rewrites to anything other than
    /// a loopback address are refused, so this cannot open the product to plain
    /// http on the network.
    pub fn with_loopback_rewrite(mut self, from_prefix: &str, to_prefix: &str) -> Result<Self, Error> {
        let loopback = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"];
        if !from_prefix.starts_with("https://") || !loopback.iter().any(|l| to_prefix.starts_with(l)) {
            return Err(Error::NotHttps(to_prefix.to_string()));
        }
        self.rewrites.push((from_prefix.to_string(), to_prefix.to_string()));
        Ok(self)
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
}

impl Fetcher for HttpsFetcher {
    fn get(&self, url: &str, limit: usize) -> Result<Fetched, Error> {
        let target = self.target(url)?;
        let response = match self.agent.get(&target).call() {
            Ok(r) => r,
            Err(ureq::Error::Status(status, _)) => return Err(Error::Status { url: url.to_string(), status }),
            Err(e) => return Err(Error::Transport { url: url.to_string(), reason: e.to_string() }),
        };
        let media_type = response.header("content-type").map(|s| s.split(';').next().unwrap_or(s).trim().to_string());
        let final_url = response.get_url().to_string();
        let mut body = Vec::new();
        response
            .into_reader()
            .take(limit as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|e| Error::Transport { url: url.to_string(), reason: e.to_string() })?;
        if body.len() > limit {
            return Err(Error::TooLarge { url: url.to_string(), limit });
        }
        let url = if final_url == target { url.to_string() } else { final_url };
        Ok(Fetched { url, media_type, body, origin: Origin::Network })
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
    fn rewrite_only_to_loopback() {
        assert!(HttpsFetcher::new().with_loopback_rewrite("https://a.example/", "http://10.0.0.1:80/").is_err());
        assert!(HttpsFetcher::new().with_loopback_rewrite("https://a.example/", "http://127.0.0.1:8080/").is_ok());
    }
}
