//! QR codes: the *proof QR*, which carries a whole package so it can be
//! checked offline at an interview, and the *link QR* of a credential's
//! public page. The proof QR format is written down in `docs/qr-format.md`:
//!
//! - the package's exact bytes, zlib-compressed, then Base45 (RFC 9285),
//!   whose alphabet is the QR alphanumeric set (5.5 bits a character);
//! - one code: `SC1:` + data; a sequence: `SC1/I/N/SET:` + the I-th slice of
//!   the data (1-based), `SET` being 4 hex digits of the SHA-256 of the whole
//!   data, so parts of different packages never mix;
//! - error correction M, version 25 at most; a package that does not fit
//!   one code is split into as few as it takes.

pub use qrcode::QrCode;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The largest QR version used (beyond it, phone cameras struggle).
pub const MAX_VERSION: i16 = 25;
/// Data characters in one code of a sequence (header aside): version 25 at
/// level M holds 1,451 alphanumeric characters, 1,436 after the longest header.
pub const PART_CHARS: usize = 1_420;
/// Largest package decoded from QR codes (after decompression).
pub const MAX_PACKAGE_BYTES: usize = 2 * 1024 * 1024;
/// Widest and tallest picture read for QR codes (a 100-megapixel photo).
pub const MAX_IMAGE_SIDE: u32 = 10_000;
/// Most codes in a sequence.
pub const MAX_PARTS: usize = 64;

const BASE45: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Base45 (RFC 9285).
pub fn base45_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3 / 2 + 2);
    for chunk in bytes.chunks(2) {
        let (n, digits) = match chunk {
            [a, b] => (u32::from(*a) * 256 + u32::from(*b), 3),
            [a] => (u32::from(*a), 2),
            _ => unreachable!("chunks of two"),
        };
        let mut n = n;
        for _ in 0..digits {
            out.push(BASE45[(n % 45) as usize] as char);
            n /= 45;
        }
    }
    out
}

/// Base45 back to bytes; `None` for anything that is not Base45.
pub fn base45_decode(text: &str) -> Option<Vec<u8>> {
    let values: Vec<u32> = text.bytes().map(|c| BASE45.iter().position(|b| *b == c).map(|p| p as u32)).collect::<Option<_>>()?;
    let mut out = Vec::with_capacity(values.len() * 2 / 3);
    for chunk in values.chunks(3) {
        match chunk {
            [c, d, e] => {
                let n = c + d * 45 + e * 45 * 45;
                if n > 0xffff {
                    return None;
                }
                out.extend_from_slice(&[(n >> 8) as u8, (n & 0xff) as u8]);
            }
            [c, d] => {
                let n = c + d * 45;
                if n > 0xff {
                    return None;
                }
                out.push(n as u8);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The texts of the codes that carry `package`.
pub fn encode_package(package: &[u8]) -> Vec<String> {
    use std::io::Write as _;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(package).expect("writing to memory");
    let data = base45_encode(&z.finish().expect("writing to memory"));
    // One code when it fits, at level M or else L (its header is 11
    // characters shorter than a part's): a single small badge is one scan.
    let single = format!("SC1:{data}");
    if data.len() <= PART_CHARS + 11 || code(&single).is_ok() {
        return vec![single];
    }
    let set = hex::encode_upper(&Sha256::digest(data.as_bytes())[..2]);
    let parts: Vec<&str> = data.as_bytes().chunks(PART_CHARS).map(|c| std::str::from_utf8(c).expect("Base45 is ASCII")).collect();
    let n = parts.len();
    parts.iter().enumerate().map(|(i, p)| format!("SC1/{}/{n}/{set}:{p}", i + 1)).collect()
}

fn refused(why: impl Into<String>) -> Error {
    Error::Format(crate::credential::FormatError { seen: why.into() })
}

/// The package that the texts of scanned codes carry (in any order; the
/// same code read twice counts once).
pub fn decode_package(texts: &[String]) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let mut single = None;
    let mut parts: std::collections::BTreeMap<usize, String> = Default::default();
    let mut header: Option<(usize, String)> = None;
    for text in texts {
        // Base45 has a space in its alphabet: only line ends may go.
        let text = text.trim_end_matches(['\r', '\n']);
        if let Some(data) = text.strip_prefix("SC1:") {
            // Two single codes are two packages: neither is dropped in
            // silence (an expired one beside a valid one would vanish).
            if single.as_deref().is_some_and(|seen| seen != data) {
                return Err(refused("codes of two different packages: check one package at a time"));
            }
            single = Some(data.to_string());
            continue;
        }
        let Some(rest) = text.strip_prefix("SC1/") else {
            return Err(refused(format!("a QR code that is not a Satchel package (`{}…`)", &text.chars().take(12).collect::<String>())));
        };
        let (head, data) = rest.split_once(':').ok_or_else(|| refused("a damaged Satchel QR code"))?;
        let fields: Vec<&str> = head.split('/').collect();
        let [i, n, set] = fields.as_slice() else { return Err(refused("a damaged Satchel QR code")) };
        let (i, n): (usize, usize) =
            (i.parse().map_err(|_| refused("a damaged part number"))?, n.parse().map_err(|_| refused("a damaged part count"))?);
        if i == 0 || i > n || n > MAX_PARTS {
            return Err(refused(format!("part {i} of {n} cannot be")));
        }
        match &header {
            Some((count, s)) if *count != n || s != set => return Err(refused("codes of two different packages")),
            Some(_) => {}
            None => header = Some((n, set.to_string())),
        }
        parts.insert(i, data.to_string());
    }
    let data = match (single, header) {
        (Some(d), None) => d,
        (Some(_), Some(_)) => return Err(refused("codes of two different packages")),
        (None, Some((n, set))) => {
            let missing: Vec<String> = (1..=n).filter(|i| !parts.contains_key(i)).map(|i| i.to_string()).collect();
            if !missing.is_empty() {
                return Err(refused(format!("parts {} of {n} are still missing", missing.join(", "))));
            }
            let data: String = parts.into_values().collect();
            if hex::encode_upper(&Sha256::digest(data.as_bytes())[..2]) != set {
                return Err(refused("the parts do not make up one package"));
            }
            data
        }
        (None, None) => return Err(refused("no QR code")),
    };
    let compressed = base45_decode(&data).ok_or_else(|| refused("a damaged Satchel QR code (not Base45)"))?;
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(compressed.as_slice())
        .take(MAX_PACKAGE_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|_| refused("a damaged Satchel QR code (not zlib)"))?;
    if out.len() > MAX_PACKAGE_BYTES {
        return Err(Error::InputTooLarge { limit: MAX_PACKAGE_BYTES });
    }
    Ok(out)
}

/// A QR code of `text`, version 25 at most: at level M, or at level L when
/// only that keeps it within version 25 (a code shown on a screen or a
/// clean page needs little error correction, and one code beats two).
pub fn code(text: &str) -> Result<qrcode::QrCode> {
    let within = |level| {
        qrcode::QrCode::with_error_correction_level(text.as_bytes(), level)
            .ok()
            .filter(|c| matches!(c.version(), qrcode::Version::Normal(v) if v <= MAX_VERSION))
    };
    within(qrcode::EcLevel::M)
        .or_else(|| within(qrcode::EcLevel::L))
        .ok_or_else(|| Error::CannotShare(format!("it needs a QR code larger than version {MAX_VERSION}")))
}

/// A PNG of the code: black on white, 8 pixels a module, quiet zone kept.
pub fn png(code: &qrcode::QrCode) -> Vec<u8> {
    let image = code.render::<image::Luma<u8>>().module_dimensions(8, 8).build();
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).expect("encoding a PNG in memory");
    out.into_inner()
}

/// An SVG of the code.
pub fn svg(code: &qrcode::QrCode) -> String {
    code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(240, 240).build()
}

/// The files for `codes` to be saved at `path`: PNG, or SVG when `path`
/// ends in `.svg`; a sequence gets `-1`, `-2`… before the extension.
pub fn files(path: &std::path::Path, codes: &[QrCode]) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let is_svg = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    // PNG bytes go in a file named `.png` when the name says nothing.
    let owned;
    let path = if path.extension().is_none() {
        owned = path.with_extension("png");
        owned.as_path()
    } else {
        path
    };
    codes
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let target = if codes.len() == 1 {
                path.to_path_buf()
            } else {
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                let ext = path.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_else(|| "png".into());
                path.with_file_name(format!("{stem}-{}.{ext}", i + 1))
            };
            (target, if is_svg { svg(code).into_bytes() } else { png(code) })
        })
        .collect()
}

/// The texts of every QR code found in an image (PNG or JPEG: a photo or a
/// screenshot).
pub fn read_image(bytes: &[u8]) -> Result<Vec<String>> {
    // A small file can claim a huge picture: bound what decoding may allocate.
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| refused(format!("an image that cannot be read ({e})")))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| refused(format!("an image that cannot be read ({e})")))?;
    let mut prepared = rqrr::PreparedImage::prepare(image.to_luma8());
    let texts: Vec<String> = prepared.detect_grids().into_iter().filter_map(|g| g.decode().ok().map(|(_, text)| text)).collect();
    if texts.is_empty() {
        return Err(refused("an image with no readable QR code"));
    }
    Ok(texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base45_matches_rfc_9285() {
        assert_eq!(base45_encode(b"AB"), "BB8");
        assert_eq!(base45_encode(b"Hello!!"), "%69 VD92EX0");
        assert_eq!(base45_encode(b"base-45"), "UJCLQE7W581");
        assert_eq!(base45_decode("QED8WEX0").as_deref(), Some(&b"ietf!"[..]));
        assert_eq!(base45_decode("GGW"), None, "65535 < value: not Base45");
        assert_eq!(base45_decode("abc"), None, "lower case is not in the alphabet");
    }

    #[test]
    fn a_full_part_fits_version_25() {
        let data = "A".repeat(PART_CHARS);
        let code = code(&format!("SC1/{MAX_PARTS}/{MAX_PARTS}/FFFF:{data}")).unwrap();
        assert!(matches!(code.version(), qrcode::Version::Normal(v) if v <= MAX_VERSION));
        assert!(super::code(&format!("SC1:{}", "A".repeat(PART_CHARS + 11))).is_ok(), "the largest single code fits too");
        assert!(super::code(&"A".repeat(1_500)).is_ok(), "one code at level L rather than two at M");
        assert!(super::code(&"A".repeat(2_000)).is_err(), "beyond version 25 at level L is refused");
    }

    /// Issue 15: a package of one small badge is one code. The OB3 spec
    /// example (2,367 bytes as a package) compresses to about 1,000 bytes,
    /// 1,509 Base45 characters: two codes at level M, one at level L.
    #[test]
    fn one_small_badge_is_one_code() {
        // Incompressible bytes of the size the badge compresses to.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let package: Vec<u8> = (0..1_006)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 32) as u8
            })
            .collect();
        let texts = encode_package(&package);
        assert_eq!(texts.len(), 1, "one code for about 1 kB compressed");
        assert!(texts[0].len() > PART_CHARS + 15, "more than level M holds: {}", texts[0].len());
        assert!(code(&texts[0]).is_ok(), "and it fits version 25");
        assert_eq!(decode_package(&texts).unwrap(), package);
    }

    #[test]
    fn sequences_round_trip_in_any_order_and_refuse_mixtures() {
        let package: Vec<u8> = (0..5_000u32).flat_map(|i| (i.wrapping_mul(2_654_435_761)).to_le_bytes()).collect();
        let mut parts = encode_package(&package);
        assert!(parts.len() > 1, "incompressible bytes need several codes");
        parts.reverse();
        parts.push(parts[0].clone());
        assert_eq!(decode_package(&parts).unwrap(), package);
        let missing: Vec<String> = parts[1..parts.len() - 1].to_vec();
        assert!(decode_package(&missing).unwrap_err().to_string().contains("missing"));
        let other = encode_package(&[package.clone(), vec![1]].concat());
        let mixed = [parts[..parts.len() - 2].to_vec(), vec![other[0].clone()]].concat();
        assert!(decode_package(&mixed).is_err(), "parts of two packages");
        assert_eq!(decode_package(&encode_package(b"{}")).unwrap(), b"{}");
        assert!(decode_package(&["hello".to_string()]).is_err());
    }

    #[test]
    fn two_single_code_packages_are_refused_not_dropped() {
        let expired = encode_package(br#"{"package":"expired"}"#);
        let valid = encode_package(br#"{"package":"valid"}"#);
        assert_eq!((expired.len(), valid.len()), (1, 1));
        for texts in [[expired[0].clone(), valid[0].clone()], [valid[0].clone(), expired[0].clone()]] {
            let err = decode_package(&texts).expect_err("neither package may be dropped in silence");
            assert!(err.to_string().contains("two different packages"), "{err}");
        }
        let twice = [valid[0].clone(), valid[0].clone()];
        assert_eq!(decode_package(&twice).unwrap(), br#"{"package":"valid"}"#, "the same code read twice is one package");
    }
}
