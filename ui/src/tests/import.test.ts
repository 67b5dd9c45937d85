// Adding credentials as the learner meets it (issue 15, bugs 5 and 6).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import Import from "../screens/Import.svelte";
import { mockBackend, record } from "./mock";
import { setLanguage } from "../i18n.svelte";
import { imports } from "../imports.svelte";
import type { ImportOutcome } from "../bindings";

beforeEach(() => {
  setLanguage("en");
  imports.results = [];
});
afterEach(() => cleanup());

/** The newest result line, as the learner reads it. */
const newest = () => document.querySelector(".results li")?.textContent?.trim() ?? "";

describe("a large paste (bug 5)", () => {
  it("is refused at once by its size, with the size said, and nothing is sent", async () => {
    const { backend, calls } = mockBackend({ unlocked: true });
    render(Import, { backend, open: () => {} });
    const nine = "x".repeat(9 * 1024 * 1024);
    await fireEvent.input(screen.getByLabelText("Paste a credential"), { target: { value: nine } });
    await fireEvent.click(screen.getByRole("button", { name: "Add" }));
    await waitFor(() => expect(newest()).toContain("This is 9\u00a0MB: no credential is larger than 8\u00a0MB, so it was not added."));
    expect(calls.some((c) => c.name === "importText"), "the text never crosses to Rust").toBe(false);
  });

  it("says it is busy while a paste is being added, and the window stays usable", async () => {
    const { backend } = mockBackend({ unlocked: true });
    let finish: (o: ImportOutcome) => void = () => {};
    backend.importText = () => new Promise((resolve) => (finish = resolve));
    render(Import, { backend, open: () => {} });
    await fireEvent.input(screen.getByLabelText("Paste a credential"), { target: { value: "{ a big credential }" } });
    await fireEvent.click(screen.getByRole("button", { name: "Add" }));
    const busy = await screen.findByText(/Adding Paste a credential…/);
    expect(busy.getAttribute("role")).toBe("status");
    expect((screen.getByRole("button", { name: "Add" }) as HTMLButtonElement).disabled, "no second submit meanwhile").toBe(true);
    // The link field still takes typing while it works.
    await fireEvent.input(screen.getByLabelText("Link to a credential"), { target: { value: "https://a.example/c" } });
    expect((screen.getByLabelText("Link to a credential") as HTMLInputElement).value).toBe("https://a.example/c");
    finish({ outcome: "added", credential: record(7, { title: "Big one" }) });
    await waitFor(() => expect(newest()).toContain("Added: Big one"));
    expect(screen.queryByText(/Adding /)).toBeNull();
  });
});

describe("a large paste into the field (bug 5)", () => {
  it("never lands in the field (laying it out would freeze the window): it is refused at once", async () => {
    const { backend, calls } = mockBackend({ unlocked: true });
    render(Import, { backend, open: () => {} });
    const field = screen.getByLabelText("Paste a credential") as HTMLTextAreaElement;
    const nine = "x".repeat(9 * 1024 * 1024);
    const pasted = await fireEvent.paste(field, { clipboardData: { getData: () => nine } });
    expect(pasted, "the browser's own paste is stopped").toBe(false);
    await waitFor(() => expect(newest()).toContain("no credential is larger than 8"));
    expect(field.value, "the field stays empty").toBe("");
    expect(calls.some((c) => c.name === "importText")).toBe(false);
  });
});

describe("a failed link import (bug 6)", () => {
  const cases: [string, unknown, string][] = [
    ["no network", { code: "network", message: "could not fetch `https://nowhere.example/c`: Dns Failed: resolve dns name 'nowhere.example:443' for https://nowhere.example/c", fetch: { kind: "unreachable" } }, "No network: the server could not be reached (check the connection and the address)."],
    ["404", { code: "network", message: "`https://nowhere.example/c` answered with HTTP status 404", fetch: { kind: "status", status: 404 } }, "The server answered 404: there is nothing at that address."],
    ["not a credential", { code: "unsupported_format", message: "text that is neither JSON, XML nor a JWT (it starts `<html>`)" }, "The server answered, but what it sent is not a credential."],
  ];
  for (const [name, error, sentence] of cases) {
    it(`keeps the address and says "${name}" in one sentence`, async () => {
      const { backend } = mockBackend({ unlocked: true });
      backend.importUrl = () => Promise.reject(error);
      render(Import, { backend, open: () => {} });
      const field = screen.getByLabelText("Link to a credential") as HTMLInputElement;
      await fireEvent.input(field, { target: { value: "https://nowhere.example/c" } });
      await fireEvent.click(screen.getByRole("button", { name: "Fetch" }));
      await waitFor(() => expect(newest()).toBe(`Link to nowhere.example: ${sentence}`));
      expect(field.value, "the address stays, to correct or try again").toBe("https://nowhere.example/c");
      expect(newest().includes("https://"), "the address is not repeated").toBe(false);
    });
  }

  it("clears the field once the credential is added", async () => {
    const { backend } = mockBackend({ unlocked: true });
    backend.importUrl = async () => ({ outcome: "added", credential: record(3, { title: "From a link" }) });
    render(Import, { backend, open: () => {} });
    const field = screen.getByLabelText("Link to a credential") as HTMLInputElement;
    await fireEvent.input(field, { target: { value: "https://a.example/c" } });
    await fireEvent.click(screen.getByRole("button", { name: "Fetch" }));
    await waitFor(() => expect(newest()).toContain("Added: From a link"));
    expect(field.value).toBe("");
  });
});
