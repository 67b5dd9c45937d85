//! Errors as they cross IPC: always `{code, message}`, never a bare string.
//! The UI branches on `code` (and, for a failed fetch, on `fetch`: what
//! happened, so the window can say it in one sentence in the learner's
//! language instead of repeating a transport error that names the address
//! three times).

use satchel_core::error::ErrorBody;
use serde::Serialize;

/// An error returned by a command.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IpcError {
    #[serde(flatten)]
    pub body: ErrorBody,
    /// Present when the error is a fetch that failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetch: Option<FetchFailure>,
}

/// What happened to a fetch, for the learner (issue 15, bug 6).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum FetchFailure {
    /// No answer at all: no network, or no such server.
    Unreachable,
    /// The server answered with this HTTP status.
    Status { status: u16 },
    /// Satchel would not contact it (a private address, not https).
    Refused,
    /// It sent more than a credential can be.
    TooLarge,
}

impl From<satchel_core::Error> for IpcError {
    fn from(e: satchel_core::Error) -> Self {
        use satchel_core::fetch::Error as F;
        let fetch = match &e {
            satchel_core::Error::Fetch(f) => Some(match f {
                F::Status { status, .. } => FetchFailure::Status { status: *status },
                F::TooLarge { .. } => FetchFailure::TooLarge,
                F::NotHttps(_) | F::Refused { .. } => FetchFailure::Refused,
                // No network here: said as no answer ("No network…").
                F::Offline(_) => FetchFailure::Unreachable,
                _ => FetchFailure::Unreachable,
            }),
            _ => None,
        };
        Self { body: ErrorBody::from(&e), fetch }
    }
}

impl From<satchel_core::files::Error> for IpcError {
    fn from(e: satchel_core::files::Error) -> Self {
        satchel_core::Error::from(e).into()
    }
}

impl IpcError {
    /// The wallet is locked: unlock it first.
    pub fn locked() -> Self {
        Self {
            body: ErrorBody { code: satchel_core::ErrorCode::Locked, message: "the wallet is locked: unlock it first".into() },
            fetch: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locked_error_json_is_pinned() {
        assert_eq!(
            serde_json::to_string(&IpcError::locked()).unwrap(),
            r#"{"code":"locked","message":"the wallet is locked: unlock it first"}"#,
            "the UI reads exactly `code` and `message`"
        );
    }

    #[test]
    fn a_failed_fetch_says_what_happened_in_a_field() {
        let e = satchel_core::Error::from(satchel_core::fetch::Error::Status { url: "https://x.example/c".into(), status: 404 });
        assert_eq!(
            serde_json::to_string(&IpcError::from(e)).unwrap(),
            r#"{"code":"network","message":"`https://x.example/c` answered with HTTP status 404","fetch":{"kind":"status","status":404}}"#,
            "the UI says \"the server answered 404\" from `fetch`, not from the message"
        );
        let e =
            satchel_core::Error::from(satchel_core::fetch::Error::Transport { url: "https://x.example/c".into(), reason: "dns".into() });
        assert_eq!(IpcError::from(e).fetch, Some(FetchFailure::Unreachable), "no answer at all");
    }
}
