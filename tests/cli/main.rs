//! The `satchel` CLI end to end: the real binary, real files, real SQLCipher.

mod at_rest;
mod cache;
mod conformance;
mod crash;
mod damage;
mod flows;
mod interop;
mod keyring;
mod safety;
mod verify;
