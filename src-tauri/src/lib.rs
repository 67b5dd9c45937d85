//! Satchel's desktop shell. It owns the window and the locked/unlocked state;
//! every command is a thin adapter over `satchel_core` (see `commands`).
//!
//! State is built whole before the window opens: [`state::AppState`] holds the
//! wallet (`None` when locked) and the time of the user's last action, which a
//! background thread compares with the idle timeout to lock the wallet.

// The one list of commands (`with_commands!`), before the modules that use it.
include!("commands/list.rs");

pub mod commands;
pub mod dialogs;
pub mod error;
pub mod state;

use tauri::{Manager, Runtime};

/// The invoke handler of every listed command.
macro_rules! handler {
    ($($domain:ident: $($command:ident),+;)+) => {
        tauri::generate_handler![$($(commands::$domain::$command),+),+]
    };
}

/// Builds the app on any runtime: the real one in [`run`], the mock one in tests.
pub fn build_app<R: Runtime>(builder: tauri::Builder<R>, state: state::AppState) -> tauri::Builder<R> {
    builder
        // File dialogs and opening https links in the system browser, both
        // used from Rust only (see `dialogs`): the window has no permission
        // for either.
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .invoke_handler(with_commands!(handler))
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
