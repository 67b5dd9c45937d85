import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import App from "../App.svelte";
import Detail from "../screens/Detail.svelte";
import { mockBackend, record } from "./mock";
import { setLanguage } from "../i18n.svelte";
import { resetGallery } from "../gallery.svelte";

beforeEach(() => {
  setLanguage("en");
  resetGallery();
});
afterEach(() => cleanup());

describe("first run", () => {
  it("creates a passphrase wallet only when both entries match, with a strength hint", async () => {
    const { backend, calls } = mockBackend({ exists: false });
    render(App, { backend });
    await screen.findByRole("heading", { name: "Create your wallet" });
    await fireEvent.click(screen.getByLabelText(/Use a passphrase/));
    await fireEvent.input(screen.getByLabelText("Passphrase"), { target: { value: "short" } });
    expect(screen.getByText(/Too short/)).toBeTruthy();
    await fireEvent.input(screen.getByLabelText("Passphrase"), { target: { value: "a long passphrase here" } });
    await fireEvent.input(screen.getByLabelText("Type it again"), { target: { value: "something else" } });
    await fireEvent.click(screen.getByRole("button", { name: "Create wallet" }));
    expect(await screen.findByRole("alert")).toHaveProperty("textContent", "The two passphrases are not the same.");
    expect(calls.some((c) => c.name === "create")).toBe(false);
    await fireEvent.input(screen.getByLabelText("Type it again"), { target: { value: "a long passphrase here" } });
    await fireEvent.click(screen.getByRole("button", { name: "Create wallet" }));
    await screen.findByText("0 credentials");
    expect(calls.find((c) => c.name === "create")?.args).toEqual(["a long passphrase here"]);
  });
});

describe("unlock", () => {
  it("says what a wrong passphrase means, then opens the gallery", async () => {
    const { backend } = mockBackend({}, [record(1), record(2, { title: "Welding", verdict: "revoked" })]);
    render(App, { backend });
    const field = await screen.findByLabelText("Passphrase");
    await fireEvent.input(field, { target: { value: "wrong" } });
    await fireEvent.click(screen.getByRole("button", { name: "Unlock" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Caps Lock");
    expect(document.title).toBe("Satchel (locked)");
    await fireEvent.input(screen.getByLabelText("Passphrase"), { target: { value: "right passphrase" } });
    await fireEvent.click(screen.getByRole("button", { name: "Unlock" }));
    await screen.findByText("2 credentials");
    expect(document.title).toBe("Satchel");
    // Verdicts are words and a symbol, never colour alone.
    expect(screen.getByText(/Revoked/).closest(".badge")?.textContent).toContain("⊘");
  });
});

describe("a locked keyring wallet (issue 15, bug 1)", () => {
  it("asks for no passphrase, says who can open it, and opens with one button", async () => {
    const { backend, calls } = mockBackend({ protection: "keyring" }, [record(1)]);
    render(App, { backend });
    await screen.findByRole("heading", { name: "Your wallet is locked" });
    expect(screen.queryByLabelText("Passphrase")).toBeNull();
    expect(document.querySelector("input[type=password]")).toBeNull();
    expect(screen.getByText("Its key is kept in this computer's keyring, so anyone using this computer account can open it.")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Open with this computer's keyring" }));
    await screen.findByText("1 credential");
    expect(calls.find((c) => c.name === "unlock")?.args).toEqual([null]);
  });
});

describe("settings", () => {
  it("saves the lock time as text (issue 15, bug 2)", async () => {
    const { backend, calls } = mockBackend({ unlocked: true }, [record(1)]);
    render(App, { backend });
    await fireEvent.click(await screen.findByRole("button", { name: "Settings" }));
    const field = await screen.findByLabelText(/Lock after/);
    await fireEvent.input(field, { target: { value: "5" } });
    await fireEvent.click(screen.getAllByRole("button", { name: "Save" })[0]);
    expect((await screen.findByRole("status")).textContent).toBe("Saved.");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(calls.find((c) => c.name === "setSetting")?.args).toEqual(["lock_after_minutes", "5"]);
  });

  it("changes the passphrase only with the current one and the new one twice", async () => {
    const { backend, calls } = mockBackend({ unlocked: true }, [record(1)]);
    render(App, { backend });
    await fireEvent.click(await screen.findByRole("button", { name: "Settings" }));
    expect(await screen.findByText("Now: a passphrase protects this wallet.")).toBeTruthy();
    const use = screen.getByRole("button", { name: "Use this passphrase" }) as HTMLButtonElement;
    await fireEvent.input(screen.getByLabelText("New passphrase"), { target: { value: "a new long passphrase" } });
    await fireEvent.input(screen.getByLabelText("New passphrase again"), { target: { value: "a new long passphrasf" } });
    expect(screen.getByText("The two new passphrases differ.")).toBeTruthy();
    expect(use.disabled).toBe(true);
    await fireEvent.input(screen.getByLabelText("New passphrase again"), { target: { value: "a new long passphrase" } });
    expect(use.disabled).toBe(true);
    await fireEvent.input(screen.getByLabelText("Current passphrase"), { target: { value: "a wrong one" } });
    await fireEvent.click(use);
    expect((await screen.findByRole("alert")).textContent).toContain("not right");
    await fireEvent.input(screen.getByLabelText("Current passphrase"), { target: { value: "right passphrase" } });
    await fireEvent.click(use);
    expect((await screen.findByRole("status")).textContent).toContain("re-encrypted with a new key");
    expect(calls.filter((c) => c.name === "protect").at(-1)?.args).toEqual(["right passphrase", "a new long passphrase", "rekey"]);
  });
});

describe("import from files", () => {
  it("sends no path: the dialog is Rust's, the window names files by batch and index", async () => {
    const { backend, calls, dialog } = mockBackend({ unlocked: true }, []);
    dialog.chosen = ["badge.json", "degree.json"];
    render(App, { backend });
    await fireEvent.click(await screen.findByRole("button", { name: "Add" }));
    await fireEvent.click(await screen.findByRole("button", { name: /Choose files/ }));
    await waitFor(() => expect(calls.filter((c) => c.name === "importFile").length).toBe(2));
    expect(calls.filter((c) => c.name === "importFile").map((c) => c.args)).toEqual([[1, 0], [1, 1]]);
    expect(calls.find((c) => c.name === "chooseFiles")?.args).toEqual(["import"]);
  });
});

describe("a forged twin (issue 12)", () => {
  it("is named when the genuine copy is kept beside it", async () => {
    const { backend, dialog } = mockBackend({ unlocked: true }, []);
    dialog.chosen = ["b-genuine.json"];
    backend.importFile = async () => ({ outcome: "added_beside_invalid", credential: record(5, { title: "Data Literacy" }), invalid: record(6, { title: "Forged", verdict: "invalid" }) });
    render(App, { backend });
    await fireEvent.click(await screen.findByRole("button", { name: "Add" }));
    await fireEvent.click(await screen.findByRole("button", { name: /Choose files/ }));
    expect(await screen.findByText(/Added: Data Literacy\. A copy with the same id whose signature did not check out \(abc000000006\)/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Open the invalid copy" })).toBeTruthy();
  });
});

describe("gallery", () => {
  it("searches through the backend", async () => {
    const records = Array.from({ length: 30 }, (_, i) => record(i, { title: i === 7 ? "Robotics" : `Course ${i}` }));
    const { backend, calls } = mockBackend({ unlocked: true }, records);
    render(App, { backend });
    await screen.findByText("30 credentials");
    await fireEvent.input(screen.getByPlaceholderText(/Search/), { target: { value: "robot" } });
    await screen.findByText("1 credential");
    expect(calls.filter((c) => c.name === "search").at(-1)?.args[0]).toMatchObject({ text: "robot", page: { offset: 0, limit: 100 } });
  });

  it("checks everything again with progress, and can be cancelled", async () => {
    const records = Array.from({ length: 40 }, (_, i) => record(i));
    const { backend, calls } = mockBackend({ unlocked: true }, records);
    render(App, { backend });
    await screen.findByText("40 credentials");
    await fireEvent.click(screen.getByRole("button", { name: "Check all again" }));
    await screen.findByText(/Checking \d+ of 40/);
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect((await screen.findByRole("status")).textContent).toMatch(/Stopped after \d+ of 40/);
    expect(calls.some((c) => c.name === "cancelWork")).toBe(true);
  });

  it("shows an empty wallet in words and offers samples", async () => {
    const { backend, calls } = mockBackend({ unlocked: true }, []);
    render(App, { backend });
    expect(await screen.findByText(/No credentials yet/)).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: /sample credentials/ }));
    await screen.findByText("1 credential");
    expect(calls.some((c) => c.name === "addSamples")).toBe(true);
  });
});

describe("detail", () => {
  it("shows the learning and the checks, and deletes only after confirmation", async () => {
    const { backend, calls } = mockBackend({ unlocked: true }, [record(1)]);
    let back = false;
    render(Detail, { backend, id: record(1).id, back: () => (back = true), share: () => {} });
    await screen.findByRole("heading", { name: "Course 1" });
    expect(screen.getByText("Solve linear equations")).toBeTruthy();
    expect(screen.getByText("EQF 6")).toBeTruthy();
    expect(screen.getByText("Signature or seal")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    expect(calls.some((c) => c.name === "remove")).toBe(false);
    expect(screen.getByRole("alert").textContent).toContain("cannot be undone");
    // The question takes the focus to its safe answer, which is named.
    expect(document.activeElement?.textContent).toBe("Cancel, keep it");
    await fireEvent.click(screen.getByRole("button", { name: "Yes, delete it" }));
    await waitFor(() => expect(back).toBe(true));
    expect(calls.find((c) => c.name === "remove")?.args).toEqual([record(1).id]);
  });

  it("speaks French when asked", async () => {
    setLanguage("fr");
    const { backend } = mockBackend({ unlocked: true }, [record(1)]);
    render(Detail, { backend, id: record(1).id, back: () => {}, share: () => {} });
    await screen.findByRole("heading", { name: "Course 1" });
    expect(screen.getByText("Acquis d'apprentissage")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Vérifier à nouveau" })).toBeTruthy();
  });
});

describe("big imports", () => {
  it("show progress and stop when cancelled", async () => {
    const { importMany, cancelImports, batch, imports } = await import("../imports.svelte");
    let started = 0;
    const slow = () => new Promise<never>((_, reject) => setTimeout(() => reject({ code: "io", message: "gone" }), 5));
    const items = Array.from({ length: 20 }, (_, i) => ({ name: `f${i}.json`, job: () => (started++, slow()) }));
    // The session's list is shared by every import screen: count what this batch adds.
    const before = imports.results.length;
    const run = importMany(items);
    await new Promise((r) => setTimeout(r, 30));
    expect(batch.total).toBe(20);
    cancelImports();
    await run;
    expect(started).toBeLessThan(20);
    expect(imports.results.length - before).toBe(started);
    expect(batch.total).toBe(0);
  });
});

describe("first run, smaller ones (issue 15)", () => {
  it("preselects nothing as recommended, and an error goes when the choice changes", async () => {
    const { backend } = mockBackend({ exists: false });
    backend.create = (p) => (p === null ? Promise.reject({ code: "keyring_unavailable", message: "no secret service" }) : Promise.reject({ code: "io", message: "x" }));
    render(App, { backend });
    await screen.findByRole("heading", { name: "Create your wallet" });
    const radios = screen.getAllByRole("radio") as HTMLInputElement[];
    expect(radios.every((r) => !r.checked), "no choice made for the learner").toBe(true);
    expect(document.body.textContent).not.toContain("recommended");
    expect((screen.getByRole("button", { name: "Create wallet" }) as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByLabelText(/Use my system keyring/));
    await fireEvent.click(screen.getByRole("button", { name: "Create wallet" }));
    expect((await screen.findByRole("alert")).textContent).toContain("keyring is not available");
    // No keyring here: the passphrase is chosen for the learner, with the reason still said.
    expect((screen.getByLabelText(/Use a passphrase/) as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(screen.getByLabelText(/Use my system keyring/));
    await waitFor(() => expect(screen.queryByRole("alert"), "switching clears the old error").toBeNull());
  });

  it("rates passphrases by how guessable they are, not by length", async () => {
    const { strength, loadEstimator } = await import("../strength");
    await loadEstimator();
    expect(strength("aaaaaaaaaaaaaaaaaaaa"), "long but repetitive").toBe("weak");
    expect(strength("password12345678"), "long but common").toBe("weak");
    expect(strength("violet stapler orbit canyon"), "four unrelated words").toBe("strong");
    expect(strength("short")).toBe("short");
  });
});
