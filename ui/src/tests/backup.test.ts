// Backups in the app (issue 17): Settings, the gallery's reminder, and
// restoring on first run, against the mock backend (the IPC tests pin the
// Rust side of the same commands).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import App from "../App.svelte";
import { mockBackend, record } from "./mock";
import { setLanguage } from "../i18n.svelte";

beforeEach(() => setLanguage("en"));
afterEach(() => cleanup());

async function openSettings(protection: "keyring" | "passphrase") {
  const mock = mockBackend({ unlocked: true, protection }, [record(1)]);
  render(App, { backend: mock.backend });
  await fireEvent.click(await screen.findByRole("button", { name: "Settings" }));
  await screen.findByText("This wallet has never been backed up.");
  return mock;
}

describe("Settings: backups", () => {
  it("merges a backup into the open wallet: a wrong secret changes nothing, the right one says what was added", async () => {
    const { calls, dialog } = await openSettings("passphrase");
    dialog.chosen = ["other-computer.age"];
    const go = screen.getByRole("button", { name: "Add from the backup" }) as HTMLButtonElement;
    expect(go.disabled, "no secret yet").toBe(true);
    await fireEvent.click(screen.getByRole("button", { name: "Choose the backup file…" }));
    await screen.findByText("other-computer.age");
    await fireEvent.input(screen.getByLabelText("The backup's passphrase or recovery code"), { target: { value: "not it" } });
    await fireEvent.click(go);
    expect((await screen.findByRole("alert")).textContent, "said in words, by its code").toContain("That passphrase or recovery code");
    expect(screen.queryByText(/1 added/)).toBeNull();
    await fireEvent.input(screen.getByLabelText("The backup's passphrase or recovery code"), { target: { value: "right backup passphrase" } });
    await fireEvent.click(screen.getByLabelText("Also take the backup's settings"));
    await fireEvent.click(go);
    const summary = await screen.findByText(/1 added, 1 already there, 0 refused/);
    expect(summary.isConnected).toBe(true);
    const merged = calls.filter((c) => c.name === "restore").pop();
    expect(merged?.args.slice(1), "the secret and the learner's choice about settings, never a path").toEqual(["right backup passphrase", true]);
    expect(screen.queryByRole("alert"), "the earlier error is gone").toBeNull();
  });

  it("says a keyring wallet still needs a backup secret, and shows a recovery code once", async () => {
    const { calls } = await openSettings("keyring");
    expect(screen.getByText(/does not travel to a new computer/)).toBeTruthy();
    await fireEvent.click(screen.getByLabelText(/a recovery code Satchel makes/));
    await fireEvent.click(screen.getByRole("button", { name: "Back up now to a file…" }));
    const code = await screen.findByText(/^AGE-SECRET-KEY-1/);
    expect(calls.find((c) => c.name === "backupCreate")?.args).toEqual([null]);
    expect(screen.getByText(/shown only this once/)).toBeTruthy();
    expect(screen.getByRole("status").textContent).toContain("/home/learner/satchel-backup.age");
    await waitFor(() => expect(screen.getByText(/^Last backup: /)).toBeTruthy());
    await fireEvent.click(screen.getByRole("button", { name: "I have kept it" }));
    expect(code.isConnected, "the code is gone once the learner kept it: it is never shown again").toBe(false);
  });

  it("asks for a backup passphrase twice, and sends it as text", async () => {
    const { calls } = await openSettings("passphrase");
    const button = screen.getByRole("button", { name: "Back up now to a file…" }) as HTMLButtonElement;
    expect(button.disabled, "no passphrase yet").toBe(true);
    await fireEvent.input(screen.getByLabelText("Backup passphrase"), { target: { value: "a backup passphrase" } });
    await fireEvent.input(screen.getByLabelText("Backup passphrase again"), { target: { value: "a different one" } });
    expect(screen.getByText("The two backup passphrases differ.")).toBeTruthy();
    expect(button.disabled).toBe(true);
    await fireEvent.input(screen.getByLabelText("Backup passphrase again"), { target: { value: "a backup passphrase" } });
    await fireEvent.click(button);
    await screen.findByText(/Backed up 1 credential to/);
    expect(calls.find((c) => c.name === "backupCreate")?.args).toEqual(["a backup passphrase"]);
    expect(screen.queryByText(/^AGE-SECRET-KEY-1/), "a passphrase backup has no recovery code").toBeNull();
  });

  it("chooses the automatic folder (in Rust's dialog), keeps N, and can stop", async () => {
    const { calls } = await openSettings("passphrase");
    await fireEvent.click(screen.getByLabelText(/a recovery code Satchel makes/));
    await fireEvent.input(screen.getByLabelText("How many automatic backups to keep"), { target: { value: "3" } });
    await fireEvent.click(screen.getByRole("button", { name: "Choose a folder…" }));
    await screen.findByText(/On: into \/home\/learner\/Sync\/satchel/);
    expect(calls.find((c) => c.name === "backupAutoSet")?.args, "keep is a number, as the command takes it").toEqual([null, 3]);
    expect(screen.getByText(/the last 3 are kept/)).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Back up now into the folder" }));
    await screen.findByText(/satchel-backup-now\.age/);
    await fireEvent.click(screen.getByRole("button", { name: "Stop automatic backups" }));
    await screen.findByText(/^Off\. Choose a folder/);
  });
});

describe("the gallery's reminder", () => {
  it("shows when Rust says so, leads to Settings, and can be put off", async () => {
    const mock = mockBackend({ unlocked: true }, [record(1), record(2)]);
    mock.backups.reminder = { last_at: null, days: 15, credentials: 2 };
    render(App, { backend: mock.backend });
    await screen.findByText(/Your 2 credentials are only on this computer/);
    await fireEvent.click(screen.getByRole("button", { name: "Remind me later" }));
    await waitFor(() => expect(screen.queryByText(/only on this computer/)).toBeNull());
    expect(mock.calls.some((c) => c.name === "backupSnooze")).toBe(true);
    cleanup();

    const again = mockBackend({ unlocked: true }, [record(1)]);
    again.backups.reminder = { last_at: "2026-10-01T09:00:00Z", days: 58, credentials: 1 };
    render(App, { backend: again.backend });
    await screen.findByText("Your last backup is 58 days old. Back up to keep your newer credentials safe.");
    await fireEvent.click(screen.getByRole("button", { name: "Back up now" }));
    await screen.findByRole("heading", { name: "Settings" });
  });

  it("stays away when there is nothing to remind", async () => {
    const { backend } = mockBackend({ unlocked: true }, [record(1)]);
    render(App, { backend });
    await screen.findByText("1 credential");
    expect(screen.queryByRole("button", { name: "Remind me later" })).toBeNull();
  });
});

describe("first run: restore from a backup", () => {
  it("offers it beside creating a wallet; refusals are plain words and change nothing; then the gallery and a summary", async () => {
    const { backend, calls, dialog } = mockBackend({ exists: false });
    render(App, { backend });
    await screen.findByRole("heading", { name: "Create your wallet" });
    await fireEvent.click(screen.getByRole("button", { name: "Restore from a backup" }));
    await screen.findByRole("heading", { name: "Restore from a backup" });

    await fireEvent.click(screen.getByRole("button", { name: "Restore" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Choose the backup file first.");

    dialog.chosen = ["notes.txt"];
    await fireEvent.click(screen.getByRole("button", { name: "Choose the backup file…" }));
    await screen.findByText("notes.txt");
    await fireEvent.input(screen.getByLabelText("The backup's passphrase or recovery code"), { target: { value: "a guess" } });
    await fireEvent.click(screen.getByRole("button", { name: "Restore" }));
    expect((await screen.findByRole("alert")).textContent).toBe("This file is not a Satchel backup. Nothing was changed.");

    dialog.chosen = ["damaged.age"];
    await fireEvent.click(screen.getByRole("button", { name: "Choose the backup file…" }));
    await fireEvent.click(screen.getByRole("button", { name: "Restore" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("This backup is damaged"));

    dialog.chosen = ["satchel-backup.age"];
    await fireEvent.click(screen.getByRole("button", { name: "Choose the backup file…" }));
    await fireEvent.click(screen.getByRole("button", { name: "Restore" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("That passphrase or recovery code does not open this backup. Nothing was changed."));
    expect(screen.getByRole("heading", { name: "Restore from a backup" }), "still on the first run: no wallet was made").toBeTruthy();

    await fireEvent.input(screen.getByLabelText("The backup's passphrase or recovery code"), { target: { value: "right backup passphrase" } });
    await fireEvent.click(screen.getByLabelText(/Use a passphrase/));
    await fireEvent.input(screen.getByLabelText("Passphrase"), { target: { value: "the new wallet's passphrase" } });
    await fireEvent.input(screen.getByLabelText("Type it again"), { target: { value: "the new wallet's passphrase" } });
    await fireEvent.click(screen.getByRole("button", { name: "Restore" }));
    await screen.findByText("Restored: Algebra");
    expect(screen.getByText("Restored: Data Literacy")).toBeTruthy();
    expect(screen.getByText(/2 added, 0 already there, 1 refused/)).toBeTruthy();
    expect(screen.getByText(/its bytes do not match its hash/)).toBeTruthy();
    expect(calls.filter((c) => c.name === "restoreNew").at(-1)?.args).toEqual([dialog.batch, "right backup passphrase", "the new wallet's passphrase"]);
    await fireEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(screen.queryByText(/2 added/)).toBeNull();
  });
});
