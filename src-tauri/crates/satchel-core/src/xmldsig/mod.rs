//! XML, read safely, and its signatures: a primitive beside `jws` and
//! `pki`. [`xml`] is the one XML reader of the crate (no DTD, no entities
//! beyond XML's five, bounded depth) with Canonical XML; [`dsig`] checks an
//! enveloped XML Signature and returns the signing certificate for the
//! caller (`trust` for the EU lists, `verify::seal` for EDCI seals) to judge.

pub mod dsig;
pub mod xml;
