//! `satchel verify`: credentials and packages checked as an employer would, with no wallet.

use std::path::PathBuf;

use satchel_core::fetch::{HttpsFetcher, NetworkPolicy};
use satchel_core::{Error, ErrorCode};

use crate::output::Out;
use crate::Fail;

/// Reads the QR codes in `images`, puts their package together, verifies it.
pub(crate) fn qr(
    images: &[PathBuf],
    at: Option<&str>,
    expect: &satchel_core::share::Expectation,
    network: Option<&NetworkPolicy>,
    out: &Out,
) -> Result<(), Fail> {
    let mut texts = Vec::new();
    for image in images {
        let bytes = std::fs::read(image).map_err(|e| Fail::Unreadable(Error::io(image, e).to_string()))?;
        texts.extend(satchel_core::qr::read_image(&bytes)?);
    }
    let package = satchel_core::qr::decode_package(&texts)?;
    let name = format!("QR code(s) {}", images.iter().map(|i| i.display().to_string()).collect::<Vec<_>>().join(", "));
    inputs(vec![(name, Ok(package))], at, expect, network, out)
}

pub(crate) fn files(
    files: &[PathBuf],
    at: Option<&str>,
    expect: &satchel_core::share::Expectation,
    network: Option<&NetworkPolicy>,
    out: &Out,
) -> Result<(), Fail> {
    let read = files.iter().map(|f| (f.display().to_string(), std::fs::read(f).map_err(|e| Error::io(f, e)))).collect();
    inputs(read, at, expect, network, out)
}

/// Verifies each input (a credential or a package) and prints its report.
fn inputs(
    inputs: Vec<(String, Result<Vec<u8>, Error>)>,
    at: Option<&str>,
    expect: &satchel_core::share::Expectation,
    network: Option<&NetworkPolicy>,
    out: &Out,
) -> Result<(), Fail> {
    let clock: Box<dyn satchel_core::clock::Clock> = match at {
        Some(t) => {
            let t = chrono::DateTime::parse_from_rfc3339(t).map_err(|e| Fail::Usage(format!("--at `{t}` is not an RFC 3339 time: {e}")))?;
            Box::new(satchel_core::clock::FixedClock(t.with_timezone(&chrono::Utc)))
        }
        None => Box::new(satchel_core::clock::SystemClock),
    };
    let fetcher = network.map(|policy| HttpsFetcher::with_policy(policy.clone()));
    let options = satchel_core::verify::VerifyOptions {
        clock: clock.as_ref(),
        fetcher: fetcher.as_ref().map(|f| f as &dyn satchel_core::fetch::Fetcher),
        trust: None,
    };
    let (mut all_valid, mut unreadable) = (true, false);
    for (name, bytes) in inputs {
        let bytes = match bytes {
            Ok(b) => b,
            Err(e) => {
                unreadable = true;
                out.report(&name, &Err(e));
                continue;
            }
        };
        let result = satchel_core::share::check(&bytes, expect, &options);
        match &result {
            Ok(c) => all_valid &= c.verdict() == satchel_core::verify::Verdict::Valid,
            Err(e) if e.code() == ErrorCode::Io => unreadable = true,
            Err(_) => all_valid = false,
        }
        match result {
            Ok(satchel_core::share::Checked::Package(p)) => out.package_report(&name, &Ok(p)),
            Ok(satchel_core::share::Checked::Credential(r)) => out.report(&name, &Ok(r)),
            Err(e) => out.report(&name, &Err(e)),
        }
    }
    if unreadable {
        return Err(Fail::Unreadable("some files could not be read".into()));
    }
    if !all_valid {
        return Err(Fail::Refused);
    }
    Ok(())
}
