fn main() {
    // Each app command gets a permission (`allow-<command>`); the capability in
    // `capabilities/main.json` grants exactly the ones the UI calls.
    let app = tauri_build::AppManifest::new().commands(&[
        "wallet_status",
        "wallet_create",
        "wallet_unlock",
        "wallet_lock",
        "wallet_touch",
        "wallet_protect",
        "credentials_search",
        "credentials_facets",
        "credential_detail",
        "credential_import_file",
        "credential_import_text",
        "credential_import_image",
        "credential_import_url",
        "credential_reverify",
        "credential_delete",
        "credential_annotate",
        "credential_raw",
        "credential_save_copy",
        "settings_get",
        "settings_set",
        "samples_add",
        "credentials_reverify_all",
        "work_cancel",
        "share_preview",
        "share_create",
        "share_save",
        "shares_list",
        "profiles_list",
        "credential_link",
        "linkedin_share",
        "package_check",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(app)).expect("tauri build script");
}
