// The backend as the UI sees it: every Rust command, typed with the
// declarations generated from the Rust types (bindings.ts). The Tauri
// implementation calls the typed functions generated from the Rust commands
// (commands.ts), so a wrong command name, argument name or type fails the
// type check; it never calls `invoke` itself. Tests pass a mock.
import { listen } from "@tauri-apps/api/event";
import * as commands from "./commands";
import type {
  Detail,
  ErrorBody,
  FetchFailure,
  Progress,
  Facets,
  Found,
  ImportOutcome,
  Query,
  Raw,
  Rechecked,
  SettingValue,
  Status,
  CredentialRecord,
  Preview,
  Profile,
  ShareRequest,
  Shared,
  SaveKind,
  LoggedShare,
  Links,
  CheckInput,
  Checked,
  ChosenFiles,
  KeyChange,
  Purpose,
  AutoSet,
  AutoStatus,
  BackupMade,
  BackupOverview,
  Made,
  Restored,
  RestoredWallet,
} from "./bindings";

export interface Backend {
  status(): Promise<Status>;
  create(passphrase: string | null): Promise<Status>;
  unlock(passphrase: string | null): Promise<Status>;
  lock(): Promise<Status>;
  touch(): Promise<void>;
  /** Changes the protection: the current passphrase (null for a keyring wallet), the new one (null: the keyring). */
  protect(current: string | null, passphrase: string | null, change: KeyChange): Promise<Status>;
  search(query: Query): Promise<Found>;
  facets(): Promise<Facets>;
  detail(id: string, languages: string[]): Promise<Detail>;
  /** Opens the file dialog (in Rust); the window gets a batch number and names, never paths. */
  chooseFiles(purpose: Purpose): Promise<ChosenFiles>;
  /** Files dropped on the window, as Rust got them from the window system. */
  onDropped(handler: (files: ChosenFiles) => void): () => void;
  importFile(batch: number, index: number): Promise<ImportOutcome>;
  importText(text: string): Promise<ImportOutcome>;
  importImage(bytes: number[]): Promise<ImportOutcome>;
  importUrl(url: string): Promise<ImportOutcome>;
  reverify(id: string): Promise<Rechecked>;
  remove(id: string): Promise<CredentialRecord>;
  annotate(id: string, tags: string[], note: string): Promise<CredentialRecord>;
  raw(id: string): Promise<Raw>;
  /** The save dialog opens in Rust; the path saved to, or null when cancelled. */
  saveCopy(id: string): Promise<string | null>;
  settings(): Promise<SettingValue[]>;
  setSetting(key: string, value: string): Promise<SettingValue>;
  addSamples(): Promise<ImportOutcome[]>;
  reverifyAll(): Promise<Progress>;
  cancelWork(): Promise<void>;
  onProgress(handler: (p: Progress) => void): () => void;
  onLocked(handler: () => void): void;
  sharePreview(id: string): Promise<Preview>;
  profiles(): Promise<Profile[]>;
  share(request: ShareRequest): Promise<Shared>;
  /** The save dialog opens in Rust; the files written (none when cancelled). */
  saveShare(what: SaveKind): Promise<string[]>;
  shares(): Promise<LoggedShare[]>;
  links(id: string, link: string | null): Promise<Links>;
  /** Opens LinkedIn in the browser after the learner's yes in a native dialog; whether it opened. */
  linkedin(id: string, link: string | null, post: boolean): Promise<boolean>;
  check(input: CheckInput): Promise<Checked>;
  /** Opens an https address in the browser after the learner's yes in a native dialog. */
  openLink(url: string): Promise<boolean>;
  /** The automatic folder, the last backup, and the reminder when there has been none for a long while. */
  backupStatus(): Promise<BackupOverview>;
  /** Backs up to a file named in Rust's save dialog: to `passphrase`, or (null) to a new recovery code returned once; null when cancelled. */
  backupCreate(passphrase: string | null): Promise<BackupMade | null>;
  /** Backs up into the automatic folder now. */
  backupNow(): Promise<Made>;
  /** Chooses the automatic folder in Rust's folder dialog and makes a first backup there; null when cancelled. */
  backupAutoSet(passphrase: string | null, keep: number): Promise<AutoSet | null>;
  backupAutoOff(): Promise<AutoStatus>;
  /** "Later" on the reminder. */
  backupSnooze(): Promise<void>;
  /** Restores the backup chosen with `chooseFiles("backup")` as the new wallet, protected by `passphrase` (null: the keyring). */
  restoreNew(batch: number, secret: string, passphrase: string | null): Promise<RestoredWallet>;
  /** Merges the chosen backup into the open wallet. */
  restore(batch: number, secret: string, settings: boolean): Promise<Restored>;
}

export const tauriBackend: Backend = {
  status: () => commands.wallet_status(),
  create: (passphrase) => commands.wallet_create({ passphrase }),
  unlock: (passphrase) => commands.wallet_unlock({ passphrase }),
  lock: () => commands.wallet_lock(),
  touch: () => commands.wallet_touch(),
  protect: (current, passphrase, change) => commands.wallet_protect({ current, passphrase, change }),
  search: (query) => commands.credentials_search(query),
  facets: () => commands.credentials_facets(),
  detail: (id, languages) => commands.credential_detail(id, languages),
  chooseFiles: (purpose) => commands.files_choose(purpose),
  onDropped: (handler) => {
    const stop = listen<ChosenFiles>("files-dropped", (e) => handler(e.payload));
    return () => void stop.then((f) => f());
  },
  importFile: (batch, index) => commands.credential_import_file(batch, index),
  importText: (text) => commands.credential_import_text(text),
  importImage: (bytes) => commands.credential_import_image(bytes),
  importUrl: (url) => commands.credential_import_url(url),
  reverify: (id) => commands.credential_reverify(id),
  remove: (id) => commands.credential_delete(id),
  annotate: (id, tags, note) => commands.credential_annotate(id, tags, note),
  raw: (id) => commands.credential_raw(id),
  saveCopy: (id) => commands.credential_save_copy(id),
  settings: () => commands.settings_get(),
  setSetting: (key, value) => commands.settings_set(key, value),
  addSamples: () => commands.samples_add(),
  reverifyAll: () => commands.credentials_reverify_all(),
  cancelWork: () => commands.work_cancel(),
  onProgress: (handler) => {
    const stop = listen<Progress>("work-progress", (e) => handler(e.payload));
    return () => void stop.then((f) => f());
  },
  onLocked: (handler) => {
    void listen("wallet-locked", () => handler());
  },
  sharePreview: (id) => commands.share_preview(id),
  profiles: () => commands.profiles_list(),
  share: (request) => commands.share_create(request),
  saveShare: (what) => commands.share_save(what),
  shares: () => commands.shares_list(),
  links: (id, link) => commands.credential_link(id, link),
  linkedin: (id, link, post) => commands.linkedin_share(id, link, post),
  check: (input) => commands.package_check(input),
  openLink: (url) => commands.link_open(url),
  backupStatus: () => commands.backup_status(),
  backupCreate: (passphrase) => commands.backup_create({ passphrase }),
  backupNow: () => commands.backup_now(),
  backupAutoSet: (passphrase, keep) => commands.backup_auto_set({ passphrase, keep }),
  backupAutoOff: () => commands.backup_auto_off(),
  backupSnooze: () => commands.backup_reminder_snooze(),
  restoreNew: (batch, secret, passphrase) => commands.backup_restore_new({ batch, secret, passphrase }),
  restore: (batch, secret, settings) => commands.backup_restore({ batch, secret, settings }),
};

/** An error from a command: `{code, message}`, and `fetch` when a fetch failed. */
export type IpcError = ErrorBody & { fetch?: FetchFailure };

export function isIpcError(e: unknown): e is IpcError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** The most a credential can be (the core's `MAX_INPUT_BYTES`, 8 MiB). */
export const MAX_CREDENTIAL_BYTES = 8 * 1024 * 1024;

/** The size of `text` as it would be sent, in bytes (UTF-8), known at once. */
export function byteSize(text: string): number {
  return new Blob([text]).size;
}
