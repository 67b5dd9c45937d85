// The backend as the UI sees it. The Tauri implementation calls the Rust
// commands; tests can pass another implementation.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";

export type ProtectionKind = "keyring" | "passphrase";

export interface WalletStatus {
  path: string;
  exists: boolean;
  protection: ProtectionKind | null;
  unlocked: boolean;
  credentials: number | null;
  schema_version: number | null;
}

/** Every error from the core: branch on `code`, show `message`. */
export interface IpcError {
  code: string;
  message: string;
}

export interface Backend {
  status(): Promise<WalletStatus>;
  create(passphrase: string | null): Promise<WalletStatus>;
  unlock(passphrase: string | null): Promise<WalletStatus>;
  lock(): Promise<WalletStatus>;
  touch(): Promise<void>;
  onLocked(handler: () => void): void;
}

export const tauriBackend: Backend = {
  status: () => invoke<WalletStatus>("wallet_status"),
  create: (passphrase) => invoke<WalletStatus>("wallet_create", { input: { passphrase } }),
  unlock: (passphrase) => invoke<WalletStatus>("wallet_unlock", { input: { passphrase } }),
  lock: () => invoke<WalletStatus>("wallet_lock"),
  touch: () => invoke<void>("wallet_touch"),
  onLocked: (handler) => {
    void listen("wallet-locked", () => handler());
  },
};

export function isIpcError(e: unknown): e is IpcError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}
