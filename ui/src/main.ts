// Satchel's window, for now: whether the wallet exists, is locked or
// unlocked, and how many credentials it holds; create, unlock and lock it.
import { tauriBackend, isIpcError, type Backend, type WalletStatus } from "./backend";

const backend: Backend = tauriBackend;
const app = document.getElementById("app") as HTMLElement;
const lockButton = document.getElementById("lock") as HTMLButtonElement;

/** Plain words for the error codes a learner can meet here. */
const advice: Record<string, string> = {
  wrong_passphrase: "That passphrase is not right. Check Caps Lock and try again.",
  weak_passphrase: "Choose a longer passphrase: at least 8 characters.",
  keyring_unavailable: "Your system keyring is not available. Use a passphrase instead.",
  keyring_entry_missing: "The keyring no longer holds this wallet's key.",
  header_corrupt: "The wallet's header file is damaged. Restore it from a backup.",
  database_corrupt: "The wallet database is damaged. Restore it from a backup.",
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function showError(e: unknown, where: HTMLElement) {
  const message = isIpcError(e) ? (advice[e.code] ?? e.message) : String(e);
  where.replaceChildren(el("p", { className: "error", role: "alert" } as Partial<HTMLParagraphElement>, message));
}

function passphraseField(id: string, label: string, autocomplete: "new-password" | "current-password") {
  const input = document.createElement("input");
  Object.assign(input, { id, type: "password", required: true, minLength: 8 });
  input.autocomplete = autocomplete;
  const labelEl = document.createElement("label");
  labelEl.htmlFor = id;
  labelEl.textContent = label;
  const row = document.createElement("div");
  row.className = "field";
  row.append(labelEl, input);
  return { input, row };
}

function render(status: WalletStatus) {
  lockButton.hidden = !status.unlocked;
  document.title = status.unlocked ? "Satchel" : "Satchel (locked)";
  if (!status.exists) return renderCreate(status);
  if (!status.unlocked) return renderUnlock(status);
  const n = status.credentials ?? 0;
  app.replaceChildren(
    el(
      "section",
      { className: "card" },
      el("h2", {}, "Your wallet is open"),
      el("p", { className: "count", id: "credential-count" }, `${n} credential${n === 1 ? "" : "s"}`),
      el("p", { className: "muted" }, `Protected by ${status.protection === "keyring" ? "your system keyring" : "your passphrase"}. Stored at ${status.path}`),
    ),
  );
}

function renderCreate(status: WalletStatus) {
  const errors = el("div");
  const pass = passphraseField("new-passphrase", "Passphrase", "new-password");
  const confirm = passphraseField("confirm-passphrase", "Repeat passphrase", "new-password");
  const keyringButton = el("button", { type: "button", className: "primary" }, "Use my system keyring (recommended)");
  keyringButton.addEventListener("click", () => backend.create(null).then(render, (e) => showError(e, errors)));
  const form = el("form", {}, pass.row, confirm.row, el("button", { type: "submit" }, "Create with passphrase"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (pass.input.value !== confirm.input.value) return showError({ code: "mismatch", message: "The two passphrases differ." }, errors);
    backend.create(pass.input.value).then(render, (e) => showError(e, errors));
  });
  app.replaceChildren(
    el(
      "section",
      { className: "card" },
      el("h2", {}, "Create your wallet"),
      el("p", { className: "muted" }, `Your credentials stay on this computer, encrypted, in ${status.path}.`),
      keyringButton,
      el("p", { className: "muted" }, "The keyring unlocks the wallet when you log in. Or choose a passphrase you type each time:"),
      form,
      errors,
    ),
  );
  keyringButton.focus();
}

function renderUnlock(status: WalletStatus) {
  const errors = el("div");
  if (status.protection === "keyring") {
    const retry = el("button", { type: "button", className: "primary" }, "Unlock with system keyring");
    retry.addEventListener("click", () => backend.unlock(null).then(render, (e) => showError(e, errors)));
    app.replaceChildren(el("section", { className: "card" }, el("h2", {}, "Wallet locked"), retry, errors));
    retry.focus();
    return;
  }
  const pass = passphraseField("passphrase", "Passphrase", "current-password");
  const form = el("form", {}, pass.row, el("button", { type: "submit", className: "primary" }, "Unlock"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    backend.unlock(pass.input.value).then(render, (e) => {
      pass.input.value = "";
      showError(e, errors);
    });
  });
  app.replaceChildren(el("section", { className: "card" }, el("h2", {}, "Wallet locked"), form, errors));
  pass.input.focus();
}

lockButton.addEventListener("click", () => backend.lock().then(render));
backend.onLocked(() => backend.status().then(render));

// Any input postpones the idle lock; tell the backend at most every 30 s.
let lastTouch = 0;
for (const type of ["pointerdown", "keydown", "wheel"]) {
  window.addEventListener(type, () => {
    const now = Date.now();
    if (now - lastTouch > 30_000) {
      lastTouch = now;
      void backend.touch();
    }
  }, { passive: true });
}

backend.status().then(render, (e) => showError(e, app));
