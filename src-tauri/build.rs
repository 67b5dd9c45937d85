fn main() {
    // Each app command gets a permission (`allow-<command>`); the capability in
    // `capabilities/main.json` grants exactly the ones the UI calls.
    let app = tauri_build::AppManifest::new().commands(&["wallet_status", "wallet_create", "wallet_unlock", "wallet_lock", "wallet_touch"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(app)).expect("tauri build script");
}
