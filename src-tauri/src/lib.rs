//! Satchel's desktop shell. It owns the window and the locked/unlocked state;
//! every command is a thin adapter over `satchel_core` (see `commands`).
//!
//! State is built whole before the window opens: [`state::AppState`] holds the
//! wallet (`None` when locked) and the time of the user's last action, which a
//! background thread compares with the idle timeout to lock the wallet.

pub mod commands;
pub mod dialogs;
pub mod error;
pub mod state;

use tauri::{Manager, Runtime};

/// Builds the app on any runtime: the real one in [`run`], the mock one in tests.
pub fn build_app<R: Runtime>(builder: tauri::Builder<R>, state: state::AppState) -> tauri::Builder<R> {
    builder
        // File dialogs and opening https links in the system browser, both
        // used from Rust only (see `dialogs`): the window has no permission
        // for either.
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::wallet_status,
            commands::wallet_create,
            commands::wallet_unlock,
            commands::wallet_lock,
            commands::wallet_touch,
            commands::wallet_protect,
            commands::credentials_search,
            commands::credentials_facets,
            commands::credential_detail,
            commands::files_choose,
            commands::credential_import_file,
            commands::credential_import_text,
            commands::credential_import_image,
            commands::credential_import_url,
            commands::credential_reverify,
            commands::credential_delete,
            commands::credential_annotate,
            commands::credential_raw,
            commands::credential_save_copy,
            commands::settings_get,
            commands::settings_set,
            commands::samples_add,
            commands::credentials_reverify_all,
            commands::work_cancel,
            commands::share_preview,
            commands::share_create,
            commands::share_save,
            commands::shares_list,
            commands::profiles_list,
            commands::credential_link,
            commands::linkedin_share,
            commands::package_check,
            commands::link_open,
        ])
        // Files dropped on the window, as the window system reports them:
        // kept as a batch the window can name by number, and announced.
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                let chosen = window.state::<state::AppState>().choose(paths.clone());
                let _ = tauri::Emitter::emit(window, "files-dropped", chosen);
            }
        })
        .setup(|app| {
            state::spawn_idle_lock(app.handle().clone());
            // A keyring wallet needs no prompt: open it as the window appears.
            let state = app.state::<state::AppState>();
            state.try_unlock_with_keyring();
            Ok(())
        })
}

/// WebKitGTK settings that halve the web view's memory (measured with
/// `make bench-app`, 1,000 credentials, PSS summed over the app and its
/// WebKit processes: 331 MB by default, 233 MB without compositing, 215-222 MB
/// also without the JavaScript JIT; cold start unchanged, about 0.5 s). The
/// UI is a few flat screens: it needs neither GPU layers nor a JIT. A value
/// the user has set is kept.
#[cfg(target_os = "linux")]
const WEBKIT_ENV: [(&str, &str); 2] = [("WEBKIT_DISABLE_COMPOSITING_MODE", "1"), ("JSC_useJIT", "false")];

/// Starts the desktop app on the default wallet (or `SATCHEL_WALLET`).
pub fn run() {
    // The process holds the wallet key: no core dump may write it to disk.
    if let Err(e) = satchel_core::files::disable_core_dumps() {
        eprintln!("satchel-app: warning: core dumps could not be turned off ({e})");
    }
    // Before any thread starts: the WebKit processes inherit these.
    #[cfg(target_os = "linux")]
    for (key, value) in WEBKIT_ENV {
        if std::env::var_os(key).is_none() {
            std::env::set_var(key, value);
        }
    }
    let state = state::AppState::from_environment();
    build_app(tauri::Builder::default(), state).run(tauri::generate_context!()).expect("error while running the Satchel app");
}
