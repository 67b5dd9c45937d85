//! What the window is given, generated from the Rust side and committed:
//! - `ui/src/bindings.ts`: the TypeScript declarations of everything the UI
//!   sends and receives (ts-rs, from the Rust types);
//! - `ui/src/commands.ts`: one typed call per command in `list.rs`, with the
//!   argument names and types of the Rust function (read from the source of
//!   `src/commands/<domain>.rs`), so `npm run build` (svelte-check) fails when
//!   the UI calls a command by a wrong name or with wrong arguments;
//! - `capabilities/main.json`: the permission of every listed command.
//!
//! The test `bindings_are_current` compares them with the committed files;
//! `UPDATE_BINDINGS=1 cargo test -p satchel-app --lib bindings` rewrites them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use satchel_core::backup::auto::{AutoStatus, Reminder};
use satchel_core::backup::format::Counts;
use satchel_core::backup::{Changed, Made, Refusal, Restored};
use satchel_core::error::{ErrorBody, ErrorCode};
use satchel_core::learning::{Achievement, ClaimLine, Credit, Image, LearningView, Party};
use satchel_core::linkedin::Certification;
use satchel_core::share::{Checked, Claim, Package, PackageReport, Preview, Shown};
use satchel_core::store::credentials::{CredentialRecord, DuplicateOf, Facets, Found, Page, Query, Sort};
use satchel_core::store::holder_keys::Profile;
use satchel_core::vault::ProtectionKind;
use satchel_core::verify::{Check, CheckResult, Finding, IssuerRef, Outcome, Report, Verdict};
use satchel_core::wallet::{Detail, ImportOutcome, ImportSource, KeyChange, LoggedShare, Status};
use ts_rs::TS;

use super::backup::{AutoInput, AutoSet, BackupMade, BackupOverview, MadeInput, RestoreInput, RestoreNewInput, RestoredWallet};
use super::check::CheckInput;
use super::credentials::{Progress, Purpose, Raw, Rechecked};
use super::settings::SettingValue;
use super::share::{Links, SaveKind, ShareRequest, Shared};
use super::wallet::{ProtectInput, SecretInput};

/// The TypeScript declarations of everything the UI sends and receives,
/// generated from these Rust types (`ui/src/bindings.ts`).
pub fn typescript_bindings() -> String {
    let decls = [
        ErrorCode::decl(),
        ErrorBody::decl(),
        crate::error::FetchFailure::decl(),
        ProtectionKind::decl(),
        Status::decl(),
        SecretInput::decl(),
        KeyChange::decl(),
        ProtectInput::decl(),
        Purpose::decl(),
        crate::state::ChosenFiles::decl(),
        satchel_core::credential::Summary::decl(),
        CredentialRecord::decl(),
        DuplicateOf::decl(),
        ImportSource::decl(),
        ImportOutcome::decl(),
        Page::decl(),
        Sort::decl(),
        Query::decl(),
        Found::decl(),
        Facets::decl(),
        Check::decl(),
        Outcome::decl(),
        Finding::decl(),
        Verdict::decl(),
        CheckResult::decl(),
        IssuerRef::decl(),
        Report::decl(),
        Image::decl(),
        Party::decl(),
        Credit::decl(),
        Achievement::decl(),
        ClaimLine::decl(),
        LearningView::decl(),
        Detail::decl(),
        Rechecked::decl(),
        Raw::decl(),
        SettingValue::decl(),
        Progress::decl(),
        Profile::decl(),
        Claim::decl(),
        satchel_core::share::Carried::decl(),
        Preview::decl(),
        ShareRequest::decl(),
        Shown::decl(),
        Package::decl(),
        Shared::decl(),
        SaveKind::decl(),
        satchel_core::wallet::ShareMethod::decl(),
        LoggedShare::decl(),
        Certification::decl(),
        Links::decl(),
        CheckInput::decl(),
        PackageReport::decl(),
        satchel_core::share::About::decl(),
        Checked::decl(),
        Counts::decl(),
        AutoStatus::decl(),
        Reminder::decl(),
        BackupOverview::decl(),
        Made::decl(),
        MadeInput::decl(),
        BackupMade::decl(),
        AutoInput::decl(),
        AutoSet::decl(),
        Refusal::decl(),
        Changed::decl(),
        Restored::decl(),
        RestoreNewInput::decl(),
        RestoreInput::decl(),
        RestoredWallet::decl(),
    ];
    let mut out = String::from("// Generated from the Rust types by `cargo test -p satchel-app` (see src-tauri/src/commands/typescript.rs).\n// Do not edit: run `UPDATE_BINDINGS=1 cargo test -p satchel-app bindings` after changing them.\n\n");
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.trim_end().to_string() + "\n"
}

/// The commands of `list.rs`, by domain.
fn listed() -> Vec<(&'static str, Vec<&'static str>)> {
    macro_rules! domains {
        ($($domain:ident: $($command:ident),+;)+) => {
            vec![$((stringify!($domain), vec![$(stringify!($command)),+])),+]
        };
    }
    with_commands!(domains)
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands")
}

/// One command as the window calls it.
#[derive(Debug)]
struct Signature {
    name: String,
    docs: Vec<String>,
    /// The argument names as Tauri expects them (camelCase), and their TypeScript types.
    args: Vec<(String, String)>,
    returns: String,
}

/// Arguments Tauri fills in itself; the window never sends them.
const INJECTED: [&str; 5] = ["State", "AppHandle", "Window", "Webview", "WebviewWindow"];

fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last(),
        _ => None,
    }
}

fn generic_args(seg: &syn::PathSegment) -> Vec<&syn::Type> {
    match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => {
            a.args.iter().filter_map(|g| if let syn::GenericArgument::Type(t) = g { Some(t) } else { None }).collect()
        }
        _ => Vec::new(),
    }
}

/// The TypeScript type of a Rust argument or return type, as serde and
/// ts-rs write it. Named types are declared in `bindings.ts` (checked by the caller).
fn ts_type(ty: &syn::Type, named: &mut BTreeSet<String>) -> String {
    match ty {
        syn::Type::Tuple(t) if t.elems.is_empty() => "void".into(),
        syn::Type::Reference(r) => ts_type(&r.elem, named),
        syn::Type::Path(_) => {
            let seg = last_segment(ty).expect("a path has a segment");
            let args = generic_args(seg);
            match (seg.ident.to_string().as_str(), args.as_slice()) {
                ("String" | "str", []) => "string".into(),
                ("u8" | "u16" | "u32" | "i8" | "i16" | "i32" | "usize" | "f32" | "f64", []) => "number".into(),
                ("bool", []) => "boolean".into(),
                ("Option", [inner]) => format!("{} | null", ts_type(inner, named)),
                ("Vec", [inner]) => format!("Array<{}>", ts_type(inner, named)),
                ("Result", [ok, _]) => ts_type(ok, named),
                (name, []) if name.chars().next().is_some_and(char::is_uppercase) => {
                    named.insert(name.to_string());
                    name.to_string()
                }
                (other, _) => panic!("no TypeScript type for the Rust type `{other}` in a command: add it to `ts_type`"),
            }
        }
        _ => panic!("no TypeScript type for a command argument of this shape: use a named type"),
    }
}

/// Tauri's default: a command's snake_case arguments are camelCase in JavaScript.
fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn is_command(f: &syn::ItemFn) -> bool {
    f.attrs.iter().any(|a| {
        let segs: Vec<String> = a.path().segments.iter().map(|s| s.ident.to_string()).collect();
        segs == ["tauri", "command"] || segs == ["command"]
    })
}

/// Every `#[tauri::command]` in `src/commands/<domain>.rs`, read from the source.
fn signatures(domain: &str, named: &mut BTreeSet<String>) -> Vec<Signature> {
    let path = src_dir().join(format!("{domain}.rs"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    for item in file.items {
        let syn::Item::Fn(f) = item else { continue };
        if !is_command(&f) {
            continue;
        }
        let docs = f
            .attrs
            .iter()
            .filter_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => {
                        Some(s.value().trim().to_string()).filter(|l| !l.is_empty())
                    }
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let mut args = Vec::new();
        for input in &f.sig.inputs {
            let syn::FnArg::Typed(arg) = input else { panic!("`{}` takes self: commands are free functions", f.sig.ident) };
            if last_segment(&arg.ty).is_some_and(|s| INJECTED.contains(&s.ident.to_string().as_str())) {
                continue;
            }
            let syn::Pat::Ident(name) = &*arg.pat else { panic!("`{}`: name each argument plainly", f.sig.ident) };
            args.push((camel(&name.ident.to_string()), ts_type(&arg.ty, named)));
        }
        let returns = match &f.sig.output {
            syn::ReturnType::Default => "void".to_string(),
            syn::ReturnType::Type(_, ty) => ts_type(ty, named),
        };
        out.push(Signature { name: f.sig.ident.to_string(), docs, args, returns });
    }
    out
}

/// `ui/src/commands.ts`: one typed function per listed command.
pub fn typescript_commands(bindings: &str) -> String {
    let mut named = BTreeSet::new();
    let mut body = String::new();
    let mut all = Vec::new();
    for (domain, commands) in listed() {
        let mut found = signatures(domain, &mut named);
        let unlisted: Vec<&str> = found.iter().map(|s| s.name.as_str()).filter(|n| !commands.contains(n)).collect();
        assert!(unlisted.is_empty(), "commands in src/commands/{domain}.rs missing from list.rs (so never registered): {unlisted:?}");
        body.push_str(&format!("\n// {domain}\n"));
        for name in commands {
            let at = found.iter().position(|s| s.name == name).unwrap_or_else(|| {
                panic!("list.rs names `{name}` under `{domain}`, but src/commands/{domain}.rs has no #[tauri::command] fn of that name")
            });
            let s = found.remove(at);
            all.push(s.name.clone());
            if !s.docs.is_empty() {
                body.push_str(&format!("/** {} */\n", s.docs.join(" ").replace("*/", "* /")));
            }
            let params: Vec<String> = s.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
            let names: Vec<&str> = s.args.iter().map(|(n, _)| n.as_str()).collect();
            let call = if names.is_empty() {
                format!("invoke(\"{}\")", s.name)
            } else {
                format!("invoke(\"{}\", {{ {} }})", s.name, names.join(", "))
            };
            body.push_str(&format!("export const {} = ({}): Promise<{}> => {call};\n", s.name, params.join(", "), s.returns));
        }
    }
    for n in &named {
        assert!(
            bindings.contains(&format!("export type {n} ")),
            "`{n}` is used by a command but not declared in bindings.ts: add it to `typescript_bindings`"
        );
    }
    let mut out = String::from(
        "// Generated from src-tauri/src/commands/ (list.rs and each command's Rust signature) by\n\
         // `cargo test -p satchel-app --lib bindings`. Do not edit: run it with UPDATE_BINDINGS=1.\n\
         // The only place the window names a command: backend.ts calls these.\n\
         import { invoke } from \"@tauri-apps/api/core\";\n",
    );
    out.push_str(&format!("import type {{ {} }} from \"./bindings\";\n", named.into_iter().collect::<Vec<_>>().join(", ")));
    out.push_str(&body);
    out.push_str(&format!(
        "\n/** Every command, as list.rs names them. */\nexport const COMMANDS = [\n{}] as const;\n",
        all.iter().map(|n| format!("  \"{n}\",\n")).collect::<String>()
    ));
    out
}

/// `capabilities/main.json`: what the main window may call.
pub fn capability() -> String {
    let mut permissions = vec!["core:event:default".to_string(), "core:window:allow-set-title".to_string()];
    permissions.extend(listed().into_iter().flat_map(|(_, c)| c).map(|c| format!("allow-{}", c.replace('_', "-"))));
    let value = serde_json::json!({
        "$schema": "../gen/schemas/desktop-schema.json",
        "identifier": "main",
        "description": "Generated from src-tauri/src/commands/list.rs by the bindings test: do not edit. What the main window may call: the app's commands and the core events. No shell, no fs, no dialogs and no opener: files, folders, save names and links to open are chosen in native dialogs that Rust opens (see src-tauri/src/dialogs.rs), so the window cannot name a path or an address.",
        "windows": ["main"],
        "permissions": permissions,
    });
    serde_json::to_string_pretty(&value).expect("JSON") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn current(path: PathBuf, generated: &str) -> bool {
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, generated).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        }
        std::fs::read_to_string(&path).unwrap_or_default() == generated
    }

    #[test]
    fn bindings_are_current() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let bindings = typescript_bindings();
        let commands = typescript_commands(&bindings);
        let fix = "run `UPDATE_BINDINGS=1 cargo test -p satchel-app --lib bindings` and commit it";
        assert!(current(root.join("../ui/src/bindings.ts"), &bindings), "ui/src/bindings.ts is not what the Rust types generate: {fix}");
        assert!(current(root.join("../ui/src/commands.ts"), &commands), "ui/src/commands.ts is not what the commands generate: {fix}");
        assert!(
            current(root.join("capabilities/main.json"), &capability()),
            "capabilities/main.json does not grant exactly the listed commands: {fix}"
        );
    }

    #[test]
    fn arguments_are_typed_as_tauri_reads_them() {
        let mut named = BTreeSet::new();
        let settings = signatures("settings", &mut named);
        let set = settings.iter().find(|s| s.name == "settings_set").expect("settings_set is a command");
        assert_eq!(
            set.args,
            [("key".to_string(), "string".to_string()), ("value".to_string(), "string".to_string())],
            "a setting's value is text: the UI may not send the number 5 (issue 15, bug 2)"
        );
        assert_eq!(set.returns, "SettingValue", "the Result's error side is the {{code, message}} rejection, not part of the type");
        assert_eq!(camel("valid_days"), "validDays", "Tauri renames snake_case arguments to camelCase");
        let wallet = signatures("wallet", &mut named);
        let touch = wallet.iter().find(|s| s.name == "wallet_touch").expect("wallet_touch is a command");
        assert!(touch.args.is_empty(), "State is filled in by Tauri, never sent: {:?}", touch.args);
        assert_eq!(touch.returns, "void");
    }

    /// The window names commands in one place: backend.ts calls the generated
    /// functions, every one of them, and nothing calls `invoke` by hand.
    #[test]
    fn the_ui_calls_commands_only_through_the_generated_functions() {
        let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src");
        let backend = std::fs::read_to_string(ui.join("backend.ts")).expect("ui/src/backend.ts");
        for c in listed().into_iter().flat_map(|(_, c)| c) {
            assert!(backend.contains(&format!("commands.{c}(")), "backend.ts never calls `{c}`: drop it from list.rs or use it");
        }
        let mut stack = vec![ui];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.file_name().is_some_and(|n| n != "commands.ts")
                    && path.extension().is_some_and(|e| e == "ts" || e == "svelte")
                {
                    let text = std::fs::read_to_string(&path).unwrap();
                    assert!(!text.contains("invoke("), "{} calls `invoke` by hand: call the typed function in commands.ts", path.display());
                }
            }
        }
    }

    #[test]
    fn every_listed_command_has_a_permission_once() {
        let listed: Vec<&str> = listed().into_iter().flat_map(|(_, c)| c).collect();
        let unique: BTreeSet<&str> = listed.iter().copied().collect();
        assert_eq!(unique.len(), listed.len(), "a command is listed twice");
        let cap: serde_json::Value = serde_json::from_str(&capability()).unwrap();
        for c in listed {
            let p = format!("allow-{}", c.replace('_', "-"));
            assert!(cap["permissions"].as_array().unwrap().iter().any(|x| x == &serde_json::json!(p)), "{c} is granted");
        }
    }
}
