// What a learner reads about the checks and the learning, in their language:
// check reasons rendered from codes, plurals by the language's rules, the
// "no network" notice first, format names people use, markdown shown safely.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import Detail from "../screens/Detail.svelte";
import Gallery from "../screens/Gallery.svelte";
import Report from "../components/Report.svelte";
import Prose from "../components/Prose.svelte";
import { mockBackend, record } from "./mock";
import { setLanguage, t } from "../i18n.svelte";
import { render as fill } from "../plural";
import { formatName } from "../formats";
import type { CheckResult } from "../bindings";
import en from "../messages/en.json";
import fr from "../messages/fr.json";

beforeEach(() => setLanguage("en"));
afterEach(() => cleanup());

const check = (c: Partial<CheckResult> & Pick<CheckResult, "check" | "outcome" | "code">): CheckResult => ({ params: {}, detail: null, finding: null, ...c });

/** The text a person sees: closed <details> hold the technical text, out of sight. */
function visible(root: Element): string {
  const copy = root.cloneNode(true) as Element;
  copy.querySelectorAll("details:not([open]) > :not(summary)").forEach((e) => e.remove());
  return copy.textContent ?? "";
}

describe("message tables", () => {
  it("have the same keys in English and French", () => {
    const onlyEn = Object.keys(en).filter((k) => !(k in fr));
    const onlyFr = Object.keys(fr).filter((k) => !(k in en));
    expect({ onlyEn, onlyFr }, "a key in one language only leaves the other showing English or a raw key").toEqual({ onlyEn: [], onlyFr: [] });
  });

  it("choose plural forms by each language's own rules", () => {
    const text = "{n, plural, one {# credit} other {# credits}}";
    expect(fill(text, { n: 1 }, "en")).toBe("1 credit");
    expect(fill(text, { n: 2 }, "en")).toBe("2 credits");
    expect(fill(text, { n: 0 }, "en")).toBe("0 credits");
    expect(fill("{n, plural, one {# crédit} other {# crédits}}", { n: 0 }, "fr"), "French counts 0 as one").toBe("0 crédit");
    expect(fill("{n, plural, =0 {none} other {#}}", { n: 0 }, "en"), "an exact form wins").toBe("none");
    setLanguage("fr");
    expect(t("reason.format.sd_jwt", { n: 1 })).toContain("1 détail est montré");
    expect(t("reason.format.sd_jwt", { n: 3 })).toContain("3 détails sont montrés");
  });
});

describe("check reasons", () => {
  const checks = [
    check({ check: "signature", outcome: "passed", code: "signature.passed", params: { suite: "eddsa-rdfc-2022", key: "did:key:z6Mk#z6Mk" }, detail: "eddsa-rdfc-2022 by did:key:z6Mk#z6Mk" }),
    check({ check: "validity", outcome: "passed", code: "validity.between", params: { from: "2026-01-01", until: "2027-01-01" }, detail: "valid until 2027-01-01T00:00:00Z" }),
    check({ check: "status", outcome: "not_applicable", code: "status.none", detail: "the credential has no status entry" }),
  ];

  it("are the learner's words, with the technical detail one click away", () => {
    const { container } = render(Report, { checks });
    const seen = visible(container);
    expect(seen).toContain("Cannot be revoked: the issuer gave it no status entry.");
    expect(seen, "a credential without a status entry is not said to have passed a revocation check").not.toMatch(/Revocation\s*passed/);
    expect(seen).toContain("does not apply");
    expect(seen, "the dates checked are said").toContain("Valid from 2026-01-01 until 2027-01-01.");
    expect(seen, "developer text stays behind 'Technical detail'").not.toContain("did:key:z6Mk");
    expect(screen.getAllByText("Technical detail")).toHaveLength(3);
  });

  it("are French in the French UI, with no English sentence in sight", () => {
    setLanguage("fr");
    const { container } = render(Report, { checks });
    const seen = visible(container);
    expect(seen).toContain("Ne peut pas être révoquée");
    expect(seen).toContain("Valable du 2026-01-01 au 2027-01-01.");
    for (const c of checks) expect(seen, `no English detail: ${c.detail}`).not.toContain(c.detail ?? "");
    expect(seen).not.toMatch(/\b(the|issuer|passed|valid until)\b/);
  });

  it("fall back to the plain words of the check for a code this UI does not know", () => {
    const { container } = render(Report, { checks: [check({ check: "status", outcome: "skipped", code: "status.something_new", detail: "x" })] });
    expect(visible(container)).toContain(en["reason.status.skipped"]);
  });
});

describe("the detail", () => {
  it("says first, above the credential's pages, that a check could not run without the network", async () => {
    const { backend } = mockBackend({ unlocked: true }, [record(1)]);
    const base = backend.detail;
    backend.detail = async (id, languages) => {
      const d = await base(id, languages);
      d.report!.checks.push(check({ check: "status", outcome: "skipped", code: "status.offline", detail: "offline: the status list `https://x.example/l` was not fetched" }));
      d.view.pages = [{ src: "data:image/png;base64,AA==" }];
      return d;
    };
    const { container } = render(Detail, { backend, id: record(1).id, back: () => {}, share: () => {} });
    const notice = await screen.findByText(/there is no network or a server did not answer: Revocation/);
    const page = container.querySelector("img.page")!;
    expect(notice.compareDocumentPosition(page) & Node.DOCUMENT_POSITION_FOLLOWING, "the notice comes before the images").toBeTruthy();
  });

  it("shows credits by the name people use, with the right plural, and SD-JWT claims with their labels", async () => {
    const { backend } = mockBackend({ unlocked: true }, [record(1)]);
    const base = backend.detail;
    backend.detail = async (id, languages) => {
      const d = await base(id, languages);
      d.view.achievements[0].credits = [{ points: "1", framework: "ECTS" }];
      d.view.claims = [{ name: "given_name", label: "Given name", value: "Ana" }];
      return d;
    };
    render(Detail, { backend, id: record(1).id, back: () => {}, share: () => {} });
    expect(await screen.findByText("1 ECTS credit")).toBeTruthy();
    expect(screen.getByText("Given name").nextElementSibling?.textContent).toBe("Ana");
  });
});

describe("markdown in a credential", () => {
  it("shows bullets as a list and never as HTML", () => {
    const { container } = render(Prose, { text: "Outcomes:\n- Solve **linear** equations\n- <img src=x onerror=alert(1)>" });
    const items = [...container.querySelectorAll("li")].map((li) => li.textContent);
    expect(items).toEqual(["Solve linear equations", "<img src=x onerror=alert(1)>"]);
    expect(container.querySelector("img"), "markup in a credential stays text").toBeNull();
    expect(container.textContent).not.toContain("- Solve");
  });
});

describe("format names", () => {
  it("are what people call them, not internal codes", () => {
    expect(formatName("ob3-vc2-di")).toBe("Open Badge 3.0");
    expect(formatName("vp-vc11-jades")).toBe("European Digital Credential");
    expect(formatName("edc-none")).toBe("European Digital Credential");
    expect(formatName("vc-sd-jwt")).toBe("SD-JWT VC");
    expect(formatName("ob2-jwt")).toBe("Open Badge 2.0 (JWT)");
    expect(formatName("vc-vc2-di")).toBe("Verifiable Credential 2.0");
    setLanguage("fr");
    expect(formatName("edc-jades")).toBe("Attestation numérique européenne");
  });
});

describe("the issuer filter", () => {
  it("offers issuers by identity, the name as a claim, and filters by the identity", async () => {
    const { backend, calls } = mockBackend({ unlocked: true }, [record(1), record(2)]);
    render(Gallery, { backend, open: () => {} });
    const option = await screen.findByRole("option", { name: /“University” \(claimed\) — did:key:z6MkUniversity \(2\)/ });
    await fireEvent.change(option.closest("select")!, { target: { value: "did:key:z6MkUniversity" } });
    await waitFor(() => {
      const last = calls.filter((c) => c.name === "search").at(-1)?.args[0] as { issuer_id: string | null; issuer: string | null };
      expect(last).toMatchObject({ issuer_id: "did:key:z6MkUniversity", issuer: null });
    });
  });
});
