// Generated from src-tauri/src/commands/ (list.rs and each command's Rust signature) by
// `cargo test -p satchel-app --lib bindings`. Do not edit: run it with UPDATE_BINDINGS=1.
// The only place the window names a command: backend.ts calls these.
import { invoke } from "@tauri-apps/api/core";
import type { AutoInput, AutoSet, AutoStatus, BackupMade, BackupOverview, CheckInput, Checked, ChosenFiles, CredentialRecord, Detail, Facets, Found, ImportOutcome, Links, LoggedShare, Made, MadeInput, Preview, Profile, Progress, ProtectInput, Purpose, Query, Raw, Rechecked, RestoreInput, RestoreNewInput, Restored, RestoredWallet, SaveKind, SecretInput, SettingValue, ShareRequest, Shared, Status } from "./bindings";

// wallet
export const wallet_status = (): Promise<Status> => invoke("wallet_status");
export const wallet_create = (input: SecretInput): Promise<Status> => invoke("wallet_create", { input });
export const wallet_unlock = (input: SecretInput): Promise<Status> => invoke("wallet_unlock", { input });
export const wallet_lock = (): Promise<Status> => invoke("wallet_lock");
/** The user did something: postpone the idle lock. */
export const wallet_touch = (): Promise<void> => invoke("wallet_touch");
/** Changes how the wallet is protected. The current secret is part of the command and checked: an open window alone cannot lock the learner out. (The app asks for the new passphrase twice; the check of the two is the window's, since only the window sees what was typed.) */
export const wallet_protect = (input: ProtectInput): Promise<Status> => invoke("wallet_protect", { input });

// credentials
/** The gallery's page. */
export const credentials_search = (query: Query): Promise<Found> => invoke("credentials_search", { query });
/** What the gallery's filters offer. */
export const credentials_facets = (): Promise<Facets> => invoke("credentials_facets");
/** One credential for the detail screen, texts in `languages` (most wanted first). */
export const credential_detail = (id: string, languages: Array<string>): Promise<Detail> => invoke("credential_detail", { id, languages });
/** Opens the file dialog (in Rust) and keeps what the learner picks as a new batch; the window gets the batch number and the names to show. */
export const files_choose = (purpose: Purpose): Promise<ChosenFiles> => invoke("files_choose", { purpose });
/** Imports file `index` of the chosen (or dropped) batch `batch`. The window names no path: only what the learner chose can be read. */
export const credential_import_file = (batch: number, index: number): Promise<ImportOutcome> => invoke("credential_import_file", { batch, index });
/** Imports pasted text (a credential, a JWT, an https link to one). */
export const credential_import_text = (text: string): Promise<ImportOutcome> => invoke("credential_import_text", { text });
/** Imports a pasted image: a baked badge, or a picture of a QR code that holds a credential or a link to one. */
export const credential_import_image = (bytes: Array<number>): Promise<ImportOutcome> => invoke("credential_import_image", { bytes });
/** Fetches and imports the credential at an https address, once the learner has said yes to that exact address in a native dialog: the window alone cannot make Satchel contact a host (see `dialogs`). # Errors `cancelled` when the learner said no (nothing was fetched); `network`. */
export const credential_import_url = (url: string): Promise<ImportOutcome> => invoke("credential_import_url", { url });
export const credential_reverify = (id: string): Promise<Rechecked> => invoke("credential_reverify", { id });
export const credential_delete = (id: string): Promise<CredentialRecord> => invoke("credential_delete", { id });
export const credential_annotate = (id: string, tags: Array<string>, note: string): Promise<CredentialRecord> => invoke("credential_annotate", { id, tags, note });
export const credential_raw = (id: string): Promise<Raw> => invoke("credential_raw", { id });
/** Saves the original bytes where the learner says in the save dialog (opened here); returns where, or `None` when they cancelled. Mode 0600. */
export const credential_save_copy = (id: string): Promise<string | null> => invoke("credential_save_copy", { id });
/** Adds the sample credentials (a demo issuer's, labelled as samples). */
export const samples_add = (): Promise<Array<ImportOutcome>> => invoke("samples_add");
/** Checks every credential again, one at a time: the wallet is free between two (the window never waits on it), progress goes out as `work-progress`, and `work_cancel` stops it before the next one. */
export const credentials_reverify_all = (): Promise<Progress> => invoke("credentials_reverify_all");
/** Stops long work before its next item. */
export const work_cancel = (): Promise<void> => invoke("work_cancel");
/** Opens an https address (a link in a credential) in the system browser, after the learner said yes to it in a native dialog. Returns whether it was opened. */
export const link_open = (url: string): Promise<boolean> => invoke("link_open", { url });

// settings
export const settings_get = (): Promise<Array<SettingValue>> => invoke("settings_get");
export const settings_set = (key: string, value: string): Promise<SettingValue> => invoke("settings_set", { key, value });

// share
/** What sharing the credential `id` shows, and which SD-JWT claims can be held back. */
export const share_preview = (id: string): Promise<Preview> => invoke("share_preview", { id });
/** Builds, signs and logs a package; keeps it for `share_save`. */
export const share_create = (request: ShareRequest): Promise<Shared> => invoke("share_create", { request });
/** Saves the last package or link made (never bytes from the window) where the learner says in the save dialog (opened here). Returns the files written (none when they cancelled). */
export const share_save = (what: SaveKind): Promise<Array<string>> => invoke("share_save", { what });
/** The share log, newest first. */
export const shares_list = (): Promise<Array<LoggedShare>> => invoke("shares_list");
/** The learner's profiles (signing keys); the first is the default. */
export const profiles_list = (): Promise<Array<Profile>> => invoke("profiles_list");
/** LinkedIn's fields and the link QR for `id`; `link` is a public page the learner gives when the credential names none. */
export const credential_link = (id: string, link: string | null): Promise<Links> => invoke("credential_link", { id, link });
/** Opens LinkedIn ("Add to profile", or with `post` "Share as post") in the system browser once the learner said yes in a native dialog, and logs the share. Returns whether it was opened. */
export const linkedin_share = (id: string, link: string | null, post: boolean): Promise<boolean> => invoke("linkedin_share", { id, link, post });

// check
/** Employer mode: checks a package (or a lone credential). Needs no wallet. */
export const package_check = (input: CheckInput): Promise<Checked> => invoke("package_check", { input });

// backup
/** The backup's status: the automatic folder, the last backup, the reminder. */
export const backup_status = (): Promise<BackupOverview> => invoke("backup_status");
/** "Back up now" to a file: asks where in Rust's save dialog, then writes the whole wallet there, encrypted to the passphrase or to a new recovery code. `None` when the learner cancelled the dialog (nothing was written). # Errors `locked`, `weak_passphrase` (before any dialog), `io`. */
export const backup_create = (input: MadeInput): Promise<BackupMade | null> => invoke("backup_create", { input });
/** "Back up now" into the automatic folder, with its stored key. # Errors `invalid_setting` when there is no automatic folder; `io`. */
export const backup_now = (): Promise<Made> => invoke("backup_now");
/** Turns automatic backups on: the folder is chosen in Rust's folder dialog; a first backup is made there at once. `None` when the learner cancelled. */
export const backup_auto_set = (input: AutoInput): Promise<AutoSet | null> => invoke("backup_auto_set", { input });
/** Turns automatic backups off; the backups already made stay. */
export const backup_auto_off = (): Promise<AutoStatus> => invoke("backup_auto_off");
/** "Later" on the gallery's reminder: it comes back after as many days again. */
export const backup_reminder_snooze = (): Promise<void> => invoke("backup_reminder_snooze");
/** Restores a backup as this computer's new wallet, protected as the learner chose, and opens it. Every credential is verified again. Nothing is left behind when it fails. # Errors `wallet_exists`; `backup_wrong_secret`, `not_a_backup`, `backup_damaged`, `backup_too_new`; `weak_passphrase`; `not_found` (choose the file again). */
export const backup_restore_new = (input: RestoreNewInput): Promise<RestoredWallet> => invoke("backup_restore_new", { input });
/** Merges a backup into the open wallet: a credential already there is kept once, an authentic copy is never replaced by one that does not verify, holder keys are added. All or nothing. */
export const backup_restore = (input: RestoreInput): Promise<Restored> => invoke("backup_restore", { input });

/** Every command, as list.rs names them. */
export const COMMANDS = [
  "wallet_status",
  "wallet_create",
  "wallet_unlock",
  "wallet_lock",
  "wallet_touch",
  "wallet_protect",
  "credentials_search",
  "credentials_facets",
  "credential_detail",
  "files_choose",
  "credential_import_file",
  "credential_import_text",
  "credential_import_image",
  "credential_import_url",
  "credential_reverify",
  "credential_delete",
  "credential_annotate",
  "credential_raw",
  "credential_save_copy",
  "samples_add",
  "credentials_reverify_all",
  "work_cancel",
  "link_open",
  "settings_get",
  "settings_set",
  "share_preview",
  "share_create",
  "share_save",
  "shares_list",
  "profiles_list",
  "credential_link",
  "linkedin_share",
  "package_check",
  "backup_status",
  "backup_create",
  "backup_now",
  "backup_auto_set",
  "backup_auto_off",
  "backup_reminder_snooze",
  "backup_restore_new",
  "backup_restore",
] as const;
