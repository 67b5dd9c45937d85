// The gallery as a learner meets it: the virtual list after scrolling,
// the way back from a credential, and where the focus lands (issue 15).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import App from "../App.svelte";
import { mockBackend, record } from "./mock";
import { setLanguage } from "../i18n.svelte";
import { resetGallery, visibleRange } from "../gallery.svelte";

beforeEach(() => {
  setLanguage("en");
  resetGallery();
});
afterEach(() => cleanup());

/** jsdom has no layout: give the list a scroll position that sticks, as a browser does. */
function scrollable(el: HTMLElement) {
  let top = 0;
  Object.defineProperty(el, "scrollTop", { get: () => top, set: (v: number) => (top = v), configurable: true });
  return {
    scrollTo: async (v: number) => {
      top = v;
      await fireEvent.scroll(el);
    },
    get top() {
      return top;
    },
  };
}

/** The gallery's first load restores where the learner was; let it finish. */
const settle = () => new Promise((r) => setTimeout(r, 50));

const many = () => Array.from({ length: 280 }, (_, i) => record(i + 1, { title: i % 7 === 0 ? `Welding ${i + 1}` : `Course ${i + 1}` }));

/** The titles of the rows in the page, top to bottom, with where each sits. */
function shownRows() {
  return Array.from(document.querySelectorAll<HTMLElement>(".row")).map((li) => ({
    top: parseInt(li.style.top, 10),
    title: li.querySelector(".title")?.textContent ?? "",
  }));
}

describe("the virtual window (issue 15, bug 3)", () => {
  it("puts only rows near the view in the page, never past the end", () => {
    expect(visibleRange(0, 600, 280, 84)).toEqual({ first: 0, last: 13 });
    expect(visibleRange(84 * 200, 600, 280, 84)).toEqual({ first: 195, last: 213 });
    // A scroll position left over from a longer list is clamped to the new one.
    expect(visibleRange(84 * 200, 600, 3, 84)).toEqual({ first: 0, last: 3 });
    expect(visibleRange(500, 600, 0, 84)).toEqual({ first: 0, last: 0 });
  });

  it("shows the first results at the top after scrolling down and then searching", async () => {
    const { backend } = mockBackend({ unlocked: true }, many());
    render(App, { backend });
    await screen.findByText("280 credentials");
    await settle();
    const list = scrollable(document.querySelector(".viewport") as HTMLElement);
    await list.scrollTo(84 * 230);
    await waitFor(() => expect(shownRows().some((r) => r.title === "Course 233")).toBe(true));
    await fireEvent.input(screen.getByPlaceholderText(/Search title/), { target: { value: "Welding" } });
    await screen.findByText("40 credentials");
    expect(list.top, "the list is back at the top with the new query").toBe(0);
    await waitFor(() => expect(shownRows()[0]).toEqual({ top: 0, title: "Welding 1" }));
  });

  it("keeps rows in view after 'Check all again' from far down the list", async () => {
    const { backend } = mockBackend({ unlocked: true }, many().slice(0, 40));
    render(App, { backend });
    await screen.findByText("40 credentials");
    await settle();
    const list = scrollable(document.querySelector(".viewport") as HTMLElement);
    await list.scrollTo(84 * 30);
    await fireEvent.click(screen.getByRole("button", { name: "Check all again" }));
    await screen.findByText("All 40 checked again.", {}, { timeout: 12000 });
    await waitFor(() => {
      const rows = shownRows();
      expect(rows.length, "rows are in the page").toBeGreaterThan(0);
      // Every row in the page is within a few rows of the view.
      expect(rows.every((r) => Math.abs(r.top - list.top) < 84 * 20), JSON.stringify(rows.slice(0, 3))).toBe(true);
      expect(rows.every((r) => r.title !== ""), "each row has its credential").toBe(true);
    });
  }, 20000);
});

describe("back to credentials", () => {
  it("keeps the search and filters, and focuses the credential that was open", async () => {
    const { backend } = mockBackend({ unlocked: true }, many());
    render(App, { backend });
    await screen.findByText("280 credentials");
    await fireEvent.input(screen.getByPlaceholderText(/Search title/), { target: { value: "Welding" } });
    await screen.findByText("40 credentials");
    const row = await waitFor(() => {
      const b = document.querySelector<HTMLElement>('.cardrow[data-id="abc000000008"]');
      expect(b).not.toBeNull();
      return b as HTMLElement;
    });
    await fireEvent.click(row);
    const title = await screen.findByRole("heading", { name: "Welding 8" });
    expect(document.activeElement, "the opened credential's title takes the focus").toBe(title);
    await fireEvent.click(screen.getByRole("button", { name: /Back to credentials/ }));
    await screen.findByText("40 credentials");
    expect((screen.getByPlaceholderText(/Search title/) as HTMLInputElement).value).toBe("Welding");
    await waitFor(() => expect((document.activeElement as HTMLElement | null)?.dataset.id).toBe("abc000000008"));
  });

  it("after a delete says what went and puts the focus on the search", async () => {
    const { backend } = mockBackend({ unlocked: true }, [record(1), record(2, { title: "Welding" })]);
    render(App, { backend });
    await screen.findByText("2 credentials");
    const row = await waitFor(() => document.querySelector<HTMLElement>('.cardrow[data-id="abc000000002"]') as HTMLElement);
    await fireEvent.click(row);
    await screen.findByRole("heading", { name: "Welding" });
    await fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    await fireEvent.click(screen.getByRole("button", { name: "Yes, delete it" }));
    expect((await screen.findByText("Deleted: Welding")).getAttribute("role")).toBe("status");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByPlaceholderText(/Search title/)));
  });

  it("offers to add credentials in an empty wallet", async () => {
    const { backend } = mockBackend({ unlocked: true }, []);
    render(App, { backend });
    await screen.findByText(/No credentials yet/);
    await fireEvent.click(screen.getByRole("button", { name: "Add credentials" }));
    expect(await screen.findByRole("heading", { name: "Add credentials" })).toBeTruthy();
  });
});

describe("a wrong passphrase", () => {
  it("puts the focus back in the passphrase field, described by the error", async () => {
    const { backend } = mockBackend({}, [record(1)]);
    render(App, { backend });
    const field = await screen.findByLabelText("Passphrase");
    await fireEvent.input(field, { target: { value: "wrong" } });
    await fireEvent.click(screen.getByRole("button", { name: "Unlock" }));
    await screen.findByRole("alert");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText("Passphrase")));
    expect(screen.getByLabelText("Passphrase").getAttribute("aria-describedby")).toBe("unlock-error");
  });
});

describe("French", () => {
  it("counts with the language's plural rule", async () => {
    setLanguage("fr");
    const { backend } = mockBackend({ unlocked: true }, [record(1)]);
    render(App, { backend });
    await waitFor(() => expect(document.querySelector("#gallery-count")?.textContent).toBe("1 attestation"));
  });
});
