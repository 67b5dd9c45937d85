import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import App from "../App.svelte";
import Share from "../screens/Share.svelte";
import Detail from "../screens/Detail.svelte";
import QrCycle from "../components/QrCycle.svelte";
import { mockBackend, record } from "./mock";
import { setLanguage } from "../i18n.svelte";

beforeEach(() => setLanguage("en"));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const sdJwt = () => record(2, { title: "Degree (SD-JWT)", format: "sd-jwt-vc" });

describe("share", () => {
  it("previews exactly what the employer sees, and sends only the claims kept", async () => {
    const { backend, calls } = mockBackend({ unlocked: true }, [record(1), sdJwt()]);
    render(Share, { backend });
    await fireEvent.click(await screen.findByRole("checkbox", { name: /Degree \(SD-JWT\)/ }));
    const preview = await screen.findByRole("group", { name: "Degree (SD-JWT)" });
    const sees = () => within(preview).getByText("The employer will see:").closest(".sees") as HTMLElement;
    await waitFor(() => expect(within(sees()).getByText("Secretname")).toBeTruthy());
    await fireEvent.click(within(preview).getByRole("checkbox", { name: /family_name/ }));
    expect(within(sees()).queryByText("Secretname")).toBeNull();
    expect(within(sees()).getByText("Kept back: family_name")).toBeTruthy();
    // A claim inside another: hiding the outer one hides it, showing it shows the outer one.
    await fireEvent.click(within(preview).getByRole("checkbox", { name: /^address/ }));
    expect((within(preview).getByRole("checkbox", { name: /street/ }) as HTMLInputElement).checked).toBe(false);
    expect(within(sees()).getByText("Kept back: address, family_name, street")).toBeTruthy();
    await fireEvent.click(within(preview).getByRole("checkbox", { name: /street/ }));
    expect((within(preview).getByRole("checkbox", { name: /^address/ }) as HTMLInputElement).checked).toBe(true);
    expect(within(preview).getByText("(inside address)")).toBeTruthy();
    await fireEvent.click(within(preview).getByRole("checkbox", { name: /street/ }));
    expect(within(sees()).getByText("https://credentials.example/degree")).toBeTruthy();

    // A credential signed whole says it cannot lose a field.
    await fireEvent.click(screen.getByRole("checkbox", { name: /Course 1/ }));
    expect(await screen.findByText(/Removing any field would break the issuer's signature/)).toBeTruthy();

    await fireEvent.input(screen.getByLabelText("Employer (for your records)"), { target: { value: "ACME & Co" } });
    await fireEvent.input(screen.getByLabelText("Their challenge code (optional)"), { target: { value: "c-77" } });
    await fireEvent.click(screen.getByRole("button", { name: "Create package" }));
    await screen.findByRole("heading", { name: "Package ready" });
    const request = calls.find((c) => c.name === "share")?.args[0] as { ids: string[]; disclose: Record<string, string[]>; recipient: string; challenge: string; validDays: number };
    expect(request.ids).toEqual([sdJwt().id, record(1).id]);
    expect(request.disclose).toEqual({ [sdJwt().id]: ["address", "given_name", "grade"] });
    expect([request.recipient, request.challenge, request.validDays]).toEqual(["ACME & Co", "c-77", 30]);
    expect(screen.getByText("c-77")).toBeTruthy();
    expect(screen.getByText(/It fits in 2 QR code/)).toBeTruthy();
    // The log lists it at once.
    const log = screen.getByRole("table");
    expect(within(log).getByText("ACME & Co")).toBeTruthy();
    expect(within(log).getByText("Degree (SD-JWT), Course 1")).toBeTruthy();
  });

  it("starts from the credential the detail screen shared, and makes nothing until every preview is in", async () => {
    const { backend, calls, previewDelay } = mockBackend({ unlocked: true }, [record(1), record(3, { title: "Welding" })]);
    previewDelay.ms = 50;
    render(Share, { backend, preselected: [record(3).id] });
    await waitFor(() => expect((screen.getByRole("checkbox", { name: /Welding/ }) as HTMLInputElement).checked).toBe(true));
    const create = screen.getByRole("button", { name: "Create package" }) as HTMLButtonElement;
    expect(screen.getByText("Reading what it can show…")).toBeTruthy();
    expect(create.disabled).toBe(true);
    await waitFor(() => expect(create.disabled).toBe(false));
    await fireEvent.click(screen.getByRole("checkbox", { name: /Welding/ }));
    expect(create.disabled).toBe(true);
    expect(calls.some((c) => c.name === "share")).toBe(false);
  });

  it("cycles the QR codes slowly, full screen, and closes on Escape", async () => {
    vi.useFakeTimers();
    let closed = false;
    render(QrCycle, { codes: ["<svg id='one'></svg>", "<svg id='two'></svg>", "<svg id='three'></svg>"], close: () => (closed = true) });
    const dialog = screen.getByRole("dialog", { hidden: true });
    expect(within(dialog).getByText(/Code 1 of 3/)).toBeTruthy();
    expect(document.activeElement?.textContent).toBe("Close");
    await vi.advanceTimersByTimeAsync(2600);
    expect(within(dialog).getByText(/Code 2 of 3/)).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Pause" }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(within(dialog).getByText(/Code 2 of 3/)).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(within(dialog).getByText(/Code 3 of 3/)).toBeTruthy();
    expect(dialog.querySelector("svg#three")).toBeTruthy();
    await fireEvent.keyDown(dialog, { key: "Escape" });
    expect(closed).toBe(true);
  });
});

describe("LinkedIn and links", () => {
  it("shows each field to copy, and a link QR once the learner gives a public page", async () => {
    const { backend, calls } = mockBackend({ unlocked: true }, [record(1)]);
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    render(Detail, { backend, id: record(1).id, back: () => {}, share: () => {} });
    await fireEvent.click(await screen.findByRole("button", { name: "LinkedIn and link QR code…" }));
    expect(await screen.findByText(/names no public web page/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Share as a LinkedIn post" })).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Copy Issuing organisation" }));
    expect(writeText).toHaveBeenCalledWith("University");
    await fireEvent.input(screen.getByLabelText("Public page of this credential"), { target: { value: "https://learner.example/badge" } });
    await fireEvent.click(screen.getByRole("button", { name: "Use this link" }));
    expect(await screen.findByRole("img", { name: "QR code of the public page" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Share as a LinkedIn post" })).toBeTruthy();
    expect(calls.filter((c) => c.name === "links").at(-1)?.args).toEqual([record(1).id, "https://learner.example/badge"]);
  });
});

describe("employer mode", () => {
  it("is open without unlocking, and reports the sender's proof and each credential", async () => {
    const { backend, calls } = mockBackend({ unlocked: false }, [record(1)]);
    render(App, { backend });
    await fireEvent.click(await screen.findByRole("button", { name: "Check received" }));
    await screen.findByRole("heading", { name: "Check credentials you received" });
    await fireEvent.input(screen.getByLabelText("The challenge code you gave (optional)"), { target: { value: "c-other" } });
    await fireEvent.input(screen.getByLabelText("Or paste the package"), { target: { value: '{"type":["VerifiablePresentation"]}' } });
    await fireEvent.click(screen.getByRole("button", { name: "Check" }));
    const result = await screen.findByRole("heading", { name: "Result for pasted text" });
    const section = result.closest("section") as HTMLElement;
    expect(within(section).getAllByText("Invalid").length).toBeGreaterThan(0);
    expect(within(section).getByText(/made for challenge `c-77`, not `c-other`/)).toBeTruthy();
    expect(within(section).getByText("1 credential(s) inside")).toBeTruthy();
    expect(calls.find((c) => c.name === "check")?.args[0]).toMatchObject({ challenge: "c-other", batch: null, image: null });
    expect(calls.some((c) => c.name === "unlock")).toBe(false);

    await fireEvent.input(screen.getByLabelText("Or paste the package"), { target: { value: "hello" } });
    await fireEvent.click(screen.getByRole("button", { name: "Check" }));
    expect((await screen.findByRole("alert")).textContent).toContain("not a credential Satchel can read");
    await fireEvent.click(screen.getByRole("button", { name: "Back to my wallet" }));
    await screen.findByRole("heading", { name: "Unlock your wallet" });
  });
});

describe("files dropped on the employer screen", () => {
  it("are checked, not imported", async () => {
    const { backend, calls, drop } = mockBackend({ unlocked: true }, [record(1)]);
    render(App, { backend });
    await fireEvent.click(await screen.findByRole("button", { name: "Check received" }));
    await screen.findByRole("heading", { name: "Check credentials you received" });
    // Rust got the paths from the window system; the window hears a batch number and names.
    drop(["package.json"]);
    await screen.findByRole("heading", { name: "Result for package.json" });
    expect(calls.find((c) => c.name === "check")?.args[0]).toMatchObject({ batch: 1 });
    expect(JSON.stringify(calls), "no path travels from the window").not.toContain("/home/");
    expect(calls.some((c) => c.name === "importFile")).toBe(false);
  });
});

describe("a lone credential on the employer screen", () => {
  it("says it proves nothing of who sent it", async () => {
    const { backend } = mockBackend({ unlocked: true }, [record(1)]);
    backend.check = async () => ({ kind: "credential", ...(await backend.detail(record(1).id, ["en"])).report! });
    render(App, { backend });
    await fireEvent.click(await screen.findByRole("button", { name: "Check received" }));
    await fireEvent.input(await screen.findByLabelText("Or paste the package"), { target: { value: "{}" } });
    await fireEvent.click(screen.getByRole("button", { name: "Check" }));
    expect(await screen.findByText(/not that whoever sent it is the person/)).toBeTruthy();
  });
});
