//! The `satchel` CLI end to end: the real binary, real files, real SQLCipher.

mod at_rest;
mod backup;
mod cache;
mod conformance;
mod crash;
mod damage;
mod flows;
mod hostile;
mod https;
mod interop;
mod keyring;
mod safety;
mod signed_graph;
mod signed_is_shown;
mod verify;
