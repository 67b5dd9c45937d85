include!("src/commands/list.rs");

/// The command names of the list, as text.
macro_rules! names {
    ($($domain:ident: $($command:ident),+;)+) => {
        &[$($(stringify!($command)),+),+]
    };
}

fn main() {
    println!("cargo:rerun-if-changed=src/commands/list.rs");
    // Each app command gets a permission (`allow-<command>`); the capability in
    // `capabilities/main.json` (generated from the same list) grants them.
    let commands: &[&str] = with_commands!(names);
    let app = tauri_build::AppManifest::new().commands(commands);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(app)).expect("tauri build script");
}
