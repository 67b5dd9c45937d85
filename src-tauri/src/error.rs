//! Errors as they cross IPC: always `{code, message}`, never a bare string.
//! The UI branches on `code`.

use satchel_core::error::ErrorBody;
use serde::Serialize;

/// An error returned by a command.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct IpcError(pub ErrorBody);

impl From<satchel_core::Error> for IpcError {
    fn from(e: satchel_core::Error) -> Self {
        Self(ErrorBody::from(&e))
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
        Self(ErrorBody { code: satchel_core::ErrorCode::Locked, message: "the wallet is locked: unlock it first".into() })
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
}
