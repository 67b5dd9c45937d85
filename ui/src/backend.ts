// The backend as the UI sees it: every Rust command, typed with the
// declarations generated from the Rust types (bindings.ts). The Tauri
// implementation calls the commands; tests pass a mock.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
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
}

export const tauriBackend: Backend = {
  status: () => invoke("wallet_status"),
  create: (passphrase) => invoke("wallet_create", { input: { passphrase } }),
  unlock: (passphrase) => invoke("wallet_unlock", { input: { passphrase } }),
  lock: () => invoke("wallet_lock"),
  touch: () => invoke("wallet_touch"),
  protect: (current, passphrase, change) => invoke("wallet_protect", { input: { current, passphrase, change } }),
  search: (query) => invoke("credentials_search", { query }),
  facets: () => invoke("credentials_facets"),
  detail: (id, languages) => invoke("credential_detail", { id, languages }),
  chooseFiles: (purpose) => invoke("files_choose", { purpose }),
  onDropped: (handler) => {
    const stop = listen<ChosenFiles>("files-dropped", (e) => handler(e.payload));
    return () => void stop.then((f) => f());
  },
  importFile: (batch, index) => invoke("credential_import_file", { batch, index }),
  importText: (text) => invoke("credential_import_text", { text }),
  importImage: (bytes) => invoke("credential_import_image", { bytes }),
  importUrl: (url) => invoke("credential_import_url", { url }),
  reverify: (id) => invoke("credential_reverify", { id }),
  remove: (id) => invoke("credential_delete", { id }),
  annotate: (id, tags, note) => invoke("credential_annotate", { id, tags, note }),
  raw: (id) => invoke("credential_raw", { id }),
  saveCopy: (id) => invoke("credential_save_copy", { id }),
  settings: () => invoke("settings_get"),
  setSetting: (key, value) => invoke("settings_set", { key, value }),
  addSamples: () => invoke("samples_add"),
  reverifyAll: () => invoke("credentials_reverify_all"),
  cancelWork: () => invoke("work_cancel"),
  onProgress: (handler) => {
    const stop = listen<Progress>("work-progress", (e) => handler(e.payload));
    return () => void stop.then((f) => f());
  },
  onLocked: (handler) => {
    void listen("wallet-locked", () => handler());
  },
  sharePreview: (id) => invoke("share_preview", { id }),
  profiles: () => invoke("profiles_list"),
  share: (request) => invoke("share_create", { request }),
  saveShare: (what) => invoke("share_save", { what }),
  shares: () => invoke("shares_list"),
  links: (id, link) => invoke("credential_link", { id, link }),
  linkedin: (id, link, post) => invoke("linkedin_share", { id, link, post }),
  check: (input) => invoke("package_check", { input }),
  openLink: (url) => invoke("link_open", { url }),
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
