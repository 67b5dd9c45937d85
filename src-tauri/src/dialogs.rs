//! What the learner chooses, asked by Rust, never taken from the window.
//!
//! The web view may be compromised (a hostile credential rendered wrong, a
//! bug): it must not be able to name a file to read or overwrite, a host to
//! fetch from, or an address to open. So every such choice comes from a
//! native dialog opened here (the dialog plugin's Rust API), or from files
//! the window system reports as dropped; the window only says "the user
//! wants to choose", and gets back names to show.
//!
//! - Files to read: [`Dialogs::pick_files`], or a drop; each batch gets a
//!   number, and commands take that number and an index, never a path.
//! - Files to write: [`Dialogs::save_file`]; the dialog asks before
//!   overwriting, so the answer is written with `Overwrite::Replace` (by a
//!   rename: a symlink at the name is replaced, never written through).
//! - A folder for automatic backups: [`Dialogs::pick_folder`].
//! - A URL to fetch or open: [`Dialogs::confirm`] shows the exact address
//!   in a native dialog that the page cannot click; only "yes" goes on.
//!
//! Tests (and only they) use [`Dialogs::Scripted`]: the learner's answers
//! given in advance, and URLs recorded instead of opened.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Mutex;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons};

/// How the app asks the learner.
#[derive(Debug)]
pub enum Dialogs {
    /// Native dialogs: the real app.
    Native,
    /// Answers given in advance (tests on the mock runtime, where no dialog can show).
    Scripted(Script),
}

/// The learner's answers, in order; a question with no answer left is cancelled.
#[derive(Debug, Default)]
pub struct Script {
    answers: Mutex<VecDeque<Answer>>,
    opened: Mutex<Vec<String>>,
}

/// One answer to one dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Files chosen in an open dialog (empty: cancelled).
    Open(Vec<PathBuf>),
    /// The name chosen in a save dialog (`None`: cancelled).
    Save(Option<PathBuf>),
    /// Yes or no to a question.
    Confirm(bool),
    /// The folder chosen in a folder dialog (`None`: cancelled).
    Folder(Option<PathBuf>),
}

impl Script {
    /// Queues the learner's next answer.
    pub fn answer(&self, answer: Answer) {
        self.answers.lock().expect("script lock").push_back(answer);
    }

    /// The addresses "opened in the browser" so far.
    pub fn opened(&self) -> Vec<String> {
        self.opened.lock().expect("script lock").clone()
    }

    fn next(&self) -> Option<Answer> {
        self.answers.lock().expect("script lock").pop_front()
    }
}

/// A file type offered in a dialog.
#[derive(Debug, Clone, Copy)]
pub struct Filter {
    pub name: &'static str,
    pub extensions: &'static [&'static str],
}

impl Dialogs {
    /// Files the learner picks in an open dialog (none when cancelled).
    pub fn pick_files<R: Runtime>(&self, app: &AppHandle<R>, title: &str, filter: Filter) -> Vec<PathBuf> {
        match self {
            Self::Native => app
                .dialog()
                .file()
                .set_title(title)
                .add_filter(filter.name, filter.extensions)
                .blocking_pick_files()
                .unwrap_or_default()
                .into_iter()
                .filter_map(|f| f.into_path().ok())
                .collect(),
            Self::Scripted(script) => match script.next() {
                Some(Answer::Open(paths)) => paths,
                _ => Vec::new(),
            },
        }
    }

    /// The name the learner gives in a save dialog (`None` when cancelled).
    pub fn save_file<R: Runtime>(&self, app: &AppHandle<R>, title: &str, suggested: &str, filter: Filter) -> Option<PathBuf> {
        match self {
            Self::Native => app
                .dialog()
                .file()
                .set_title(title)
                .set_file_name(suggested)
                .add_filter(filter.name, filter.extensions)
                .blocking_save_file()
                .and_then(|f| f.into_path().ok()),
            Self::Scripted(script) => match script.next() {
                Some(Answer::Save(path)) => path,
                _ => None,
            },
        }
    }

    /// The folder the learner picks (`None` when cancelled): where automatic backups go.
    pub fn pick_folder<R: Runtime>(&self, app: &AppHandle<R>, title: &str) -> Option<PathBuf> {
        match self {
            Self::Native => app.dialog().file().set_title(title).blocking_pick_folder().and_then(|f| f.into_path().ok()),
            Self::Scripted(script) => match script.next() {
                Some(Answer::Folder(path)) => path,
                _ => None,
            },
        }
    }

    /// Asks a yes/no question in a native dialog; true only for "yes".
    pub fn confirm<R: Runtime>(&self, app: &AppHandle<R>, title: &str, message: &str, yes: &str) -> bool {
        match self {
            Self::Native => app
                .dialog()
                .message(message)
                .title(title)
                .buttons(MessageDialogButtons::OkCancelCustom(yes.to_string(), "Cancel".to_string()))
                .blocking_show(),
            Self::Scripted(script) => matches!(script.next(), Some(Answer::Confirm(true))),
        }
    }

    /// Opens an https address in the system browser, once the learner agreed.
    pub fn open_url<R: Runtime>(&self, app: &AppHandle<R>, url: &str) -> Result<(), String> {
        match self {
            Self::Native => {
                use tauri_plugin_opener::OpenerExt;
                app.opener().open_url(url, None::<&str>).map_err(|e| e.to_string())
            }
            Self::Scripted(script) => {
                script.opened.lock().expect("script lock").push(url.to_string());
                Ok(())
            }
        }
    }
}
