// The one list of the app's commands, by domain (`src/commands/<domain>.rs`).
// Included by `build.rs` (a permission per command), `lib.rs` (the invoke
// handler) and the bindings test, which writes `capabilities/main.json` and
// the typed calls in `ui/src/commands.ts` from it and fails when a
// `#[tauri::command]` is missing here. A new command: write it in its domain
// file, name it here, run `UPDATE_BINDINGS=1 cargo test -p satchel-app --lib bindings`.
// (Plain comments: this file is `include!`d, where inner docs cannot go.)
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            wallet: wallet_status, wallet_create, wallet_unlock, wallet_lock, wallet_touch, wallet_protect;
            credentials: credentials_search, credentials_facets, credential_detail, files_choose, credential_import_file,
                credential_import_text, credential_import_image, credential_import_url, credential_reverify, credential_delete,
                credential_annotate, credential_raw, credential_save_copy, samples_add, credentials_reverify_all, work_cancel, link_open;
            settings: settings_get, settings_set;
            share: share_preview, share_create, share_save, shares_list, profiles_list, credential_link, linkedin_share;
            check: package_check;
            backup: backup_status, backup_create, backup_now, backup_auto_set, backup_auto_off, backup_reminder_snooze, backup_restore_new,
                backup_restore;
        }
    };
}
