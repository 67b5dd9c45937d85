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
    await fireEvent.click(within(preview).getByRole("checkbox", { name: /Family name/ }));
    expect(within(sees()).queryByText("Secretname")).toBeNull();
    expect(within(sees()).getByText("Kept back: Family name")).toBeTruthy();
    // A claim inside another: hiding the outer one hides it, showing it shows the outer one.
    await fireEvent.click(within(preview).getByRole("checkbox", { name: /^Address/ }));
    expect((within(preview).getByRole("checkbox", { name: /Street/ }) as HTMLInputElement).checked).toBe(false);
    expect(within(sees()).getByText("Kept back: Address, Family name, Street")).toBeTruthy();
    await fireEvent.click(within(preview).getByRole("checkbox", { name: /Street/ }));
    expect((within(preview).getByRole("checkbox", { name: /^Address/ }) as HTMLInputElement).checked).toBe(true);
    expect(within(preview).getByRole("checkbox", { name: /^Street \(inside Address\)/ }), "a nested claim says where it sits").toBeTruthy();
    await fireEvent.click(within(preview).getByRole("checkbox", { name: /Street/ }));
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
    // How many codes, said before the learner chooses QR, with what works instead.
    expect(document.querySelector("#qr-count")?.textContent).toBe("This package needs 2 QR codes, scanned one after another.");
    expect(document.querySelector("#qr-instead")?.textContent).toContain("save the package file and send it, share fewer credentials");
    // The log lists it at once.
    const log = screen.getByRole("table");
    expect(within(log).getByText("ACME & Co")).toBeTruthy();
    expect(within(log).getByText("Degree (SD-JWT), Course 1")).toBeTruthy();
  }, 20000);

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
    const result = await screen.findByRole("heading", { name: /Invalid: something in this package was changed/ });
    const section = result.closest("section") as HTMLElement;
    expect(within(section).getByText(/Result for pasted text/)).toBeTruthy();
    expect(within(section).getByText(/made for challenge `c-77`, not `c-other`/)).toBeTruthy();
    expect(within(section).getByText("1 credential in this package.")).toBeTruthy();
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
    await screen.findByText(/Result for package.json/);
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

describe("sharing that fits the moment (issue 15)", () => {
  it("warns before sharing an invalid credential and shares it only once the learner says so", async () => {
    const { backend, calls } = mockBackend({ unlocked: true }, [record(1), record(4, { title: "Tampered", verdict: "invalid" })]);
    render(Share, { backend });
    await fireEvent.click(await screen.findByRole("checkbox", { name: /Tampered/ }));
    const group = await screen.findByRole("group", { name: "Tampered" });
    await waitFor(() => expect(within(group).getByText(/Satchel found this credential invalid/)).toBeTruthy());
    expect(document.querySelector("#share-warned p")?.textContent).toBe("1 chosen credential did not pass its last check (see above).");
    const create = screen.getByRole("button", { name: "Create package" }) as HTMLButtonElement;
    expect(create.disabled, "nothing is made before the learner acknowledges the warning").toBe(true);
    await fireEvent.click(screen.getByRole("checkbox", { name: "I understand: share it anyway" }));
    expect(create.disabled).toBe(false);
    await fireEvent.click(create);
    await screen.findByRole("heading", { name: "Package ready" });
    expect(calls.some((c) => c.name === "share")).toBe(true);
  });

  it("says nothing of the kind for a valid credential", async () => {
    const { backend } = mockBackend({ unlocked: true }, [record(1)]);
    render(Share, { backend });
    await fireEvent.click(await screen.findByRole("checkbox", { name: /Course 1/ }));
    await screen.findByText(/Removing any field would break the issuer's signature/);
    expect(document.querySelector(".share-warning")).toBeNull();
    expect((screen.getByRole("button", { name: "Create package" }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("says how many credentials the picker holds and shows more, never stopping silently at 50", async () => {
    const records = Array.from({ length: 120 }, (_, i) => record(i + 1));
    const { backend } = mockBackend({ unlocked: true }, records);
    render(Share, { backend });
    await waitFor(() => expect(document.querySelector("#picker-count")?.textContent).toBe("Showing 50 of 120."));
    await fireEvent.click(screen.getByRole("button", { name: "Show more" }));
    await waitFor(() => expect(document.querySelector("#picker-count")?.textContent).toBe("Showing 100 of 120."));
    await fireEvent.click(screen.getByRole("button", { name: "Show more" }));
    await waitFor(() => expect(screen.getAllByRole("listitem").filter((li) => li.closest(".picker")).length).toBe(120));
    expect(document.querySelector("#picker-count")).toBeNull();
  });

  it("labels SD-JWT claims in words and shows times as dates", async () => {
    const { backend } = mockBackend({ unlocked: true }, [sdJwt()]);
    const original = backend.sharePreview;
    backend.sharePreview = async (id) => {
      const p = await original(id);
      return { ...p, always: [...p.always, { name: "iat", path: ["iat"], value: "1796040112", inside: null, labels: {} }] };
    };
    render(Share, { backend });
    await fireEvent.click(await screen.findByRole("checkbox", { name: /Degree \(SD-JWT\)/ }));
    const group = await screen.findByRole("group", { name: "Degree (SD-JWT)" });
    await waitFor(() => expect(within(group).getByRole("checkbox", { name: "Family name: Secretname" })).toBeTruthy());
    const sees = within(group).getByText("The employer will see:").closest(".sees") as HTMLElement;
    const issued = within(sees).getByText("Issued");
    expect(issued.nextElementSibling?.textContent, "a date, not a Unix time").toBe("November 30, 2026");
    expect(issued.getAttribute("title"), "the raw name one hover away").toBe("iat");
    expect(within(group).getByRole("checkbox", { name: "Final grade: A" }), "the issuer's own label, where it published one").toBeTruthy();
  });

  it("uses the issuer's label in the learner's language", async () => {
    setLanguage("fr");
    try {
      const { backend } = mockBackend({ unlocked: true }, [sdJwt()]);
      render(Share, { backend });
      await fireEvent.click(await screen.findByRole("checkbox", { name: /Degree \(SD-JWT\)/ }));
      const group = await screen.findByRole("group", { name: "Degree (SD-JWT)" });
      await waitFor(() => expect(within(group).getByRole("checkbox", { name: /^Note finale\b/ })).toBeTruthy());
    } finally {
      setLanguage("en");
    }
  });

  it("does not offer LinkedIn's Add to profile for an invalid credential", async () => {
    const { backend } = mockBackend({ unlocked: true }, [record(5, { verdict: "invalid", title: "Broken" })]);
    const detail = backend.detail;
    backend.detail = async (id, l) => {
      const d = await detail(id, l);
      return { ...d, report: { ...d.report!, verdict: "invalid" } };
    };
    render(Detail, { backend, id: record(5).id, back: () => {}, share: () => {} });
    await screen.findByRole("heading", { name: "Broken" });
    await fireEvent.click(screen.getByRole("button", { name: "LinkedIn and link QR code…" }));
    await waitFor(() => expect(document.querySelector("#linkedin-refused")?.textContent).toContain("does not offer \"Add to profile\""));
    expect(screen.queryByRole("button", { name: /Add to profile/ })).toBeNull();
  });
});

describe("the employer's report (issue 15)", () => {
  const check = async (text: string) => {
    const { backend } = mockBackend({ unlocked: false }, [record(1, { title: "Algebra course" })]);
    render(App, { backend });
    await fireEvent.click(await screen.findByRole("button", { name: "Check received" }));
    await fireEvent.input(await screen.findByLabelText("Or paste the package"), { target: { value: text } });
    await fireEvent.click(screen.getByRole("button", { name: "Check" }));
    return (await screen.findByRole("heading", { level: 2, name: /Valid|Genuine/ })).closest("section") as HTMLElement;
  };
  const headings = (section: HTMLElement) => Array.from(section.querySelectorAll("h3")).map((h) => h.textContent);

  it("answers the employer's questions in order, under one headline", async () => {
    const section = await check('{"type":["VerifiablePresentation"]}');
    expect(section.querySelector("#headline-text")?.textContent).toBe("Valid: intact, current, and sent by the person they name.");
    expect(headings(section)).toEqual(["Who is this about?", "What did they achieve?", "Who says so, and how sure is that?", "Is it intact and current?", "What this does not prove"]);
    expect(section.querySelector("#answer-who")?.textContent).toContain("awarded to Ana; it names the sender.");
    // What they achieved: the learning view, not only a title.
    expect(within(section).getByText("Solve linear equations")).toBeTruthy();
    expect(within(section).getByText("5 ECTS")).toBeTruthy();
    expect(section.querySelector("#answer-issuer")?.textContent).toContain("University");
    expect(within(section).getByRole("button", { name: "Print this report" })).toBeTruthy();
  });

  it("never says Valid above a line saying the credentials are not shown to be the sender's", async () => {
    const section = await check('{"type":["VerifiablePresentation"],"note":"someone-else"}');
    const headline = section.querySelector("#result-title") as HTMLElement;
    expect(section.querySelector("#headline-text")?.textContent).toBe("Genuine, but not shown to be the sender's: check the person's identity before relying on it.");
    expect(headline.textContent, "the headline's badge is not Valid").not.toContain("Valid");
    expect(section.querySelector("#answer-who")?.textContent).toContain("it names someone else (did:key:z6MkSomeoneElse), not the sender.");
    expect(section.querySelector("#answer-not-proven")?.textContent).toContain("at least one names someone else");
  });

  it("says where a disclosed claim sits: an examiner's name is not the learner's", async () => {
    const section = await check('{"type":["VerifiablePresentation"],"note":"nested"}');
    const terms = Array.from(section.querySelectorAll("dl.claims dt")).map((dt) => [dt.textContent?.trim(), dt.nextElementSibling?.textContent]);
    expect(terms).toContainEqual(["Graduate", "Alice Example"]);
    expect(terms, "the issuer's label for `name` is not lent to `examiner.name`").toContainEqual(["Name (inside Examiner)", "Prof. Mallory Forger"]);
  });
});
