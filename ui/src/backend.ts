// The backend as the UI sees it: every Rust command, typed with the
// declarations generated from the Rust types (bindings.ts). The Tauri
// implementation calls the commands; tests pass a mock.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type {
  Detail,
  ErrorBody,
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
} from "./bindings";

export interface Backend {
  status(): Promise<Status>;
  create(passphrase: string | null): Promise<Status>;
  unlock(passphrase: string | null): Promise<Status>;
  lock(): Promise<Status>;
  touch(): Promise<void>;
  protect(passphrase: string | null): Promise<Status>;
  search(query: Query): Promise<Found>;
  facets(): Promise<Facets>;
  detail(id: string, languages: string[]): Promise<Detail>;
  importFile(path: string): Promise<ImportOutcome>;
  importText(text: string): Promise<ImportOutcome>;
  importImage(bytes: number[]): Promise<ImportOutcome>;
  importUrl(url: string): Promise<ImportOutcome>;
  reverify(id: string): Promise<Rechecked>;
  remove(id: string): Promise<CredentialRecord>;
  annotate(id: string, tags: string[], note: string): Promise<CredentialRecord>;
  raw(id: string): Promise<Raw>;
  saveCopy(id: string, path: string): Promise<void>;
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
  saveShare(path: string, what: SaveKind): Promise<string[]>;
  shares(): Promise<LoggedShare[]>;
  links(id: string, link: string | null): Promise<Links>;
  linkedin(id: string, link: string | null, post: boolean): Promise<string>;
  check(input: CheckInput): Promise<Checked>;
}

export const tauriBackend: Backend = {
  status: () => invoke("wallet_status"),
  create: (passphrase) => invoke("wallet_create", { input: { passphrase } }),
  unlock: (passphrase) => invoke("wallet_unlock", { input: { passphrase } }),
  lock: () => invoke("wallet_lock"),
  touch: () => invoke("wallet_touch"),
  protect: (passphrase) => invoke("wallet_protect", { input: { passphrase } }),
  search: (query) => invoke("credentials_search", { query }),
  facets: () => invoke("credentials_facets"),
  detail: (id, languages) => invoke("credential_detail", { id, languages }),
  importFile: (path) => invoke("credential_import_file", { path }),
  importText: (text) => invoke("credential_import_text", { text }),
  importImage: (bytes) => invoke("credential_import_image", { bytes }),
  importUrl: (url) => invoke("credential_import_url", { url }),
  reverify: (id) => invoke("credential_reverify", { id }),
  remove: (id) => invoke("credential_delete", { id }),
  annotate: (id, tags, note) => invoke("credential_annotate", { id, tags, note }),
  raw: (id) => invoke("credential_raw", { id }),
  saveCopy: (id, path) => invoke("credential_save_copy", { id, path }),
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
  saveShare: (path, what) => invoke("share_save", { path, what }),
  shares: () => invoke("shares_list"),
  links: (id, link) => invoke("credential_link", { id, link }),
  linkedin: (id, link, post) => invoke("linkedin_share", { id, link, post }),
  check: (input) => invoke("package_check", { input }),
};

/** https links open in the system browser, never in the app's window. */
export async function openInBrowser(url: string): Promise<void> {
  const { openUrl } = await import("@tauri-apps/plugin-opener");
  await openUrl(url);
}

export function isIpcError(e: unknown): e is ErrorBody {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}
