// A backend in memory, for component tests: records calls, answers like the
// Rust commands do (same types), errors as {code, message}.
import type { Backend } from "../backend";
import type { BackupOverview, Checked, ChosenFiles, CredentialRecord, Detail, LoggedShare, Made, Preview, Query, Shown, Status } from "../bindings";

export function record(n: number, over: Partial<CredentialRecord> = {}): CredentialRecord {
  return {
    id: `abc${String(n).padStart(9, "0")}`,
    hash: `abc${String(n).padStart(61, "0")}`,
    credential_id: null,
    media_type: "application/vc",
    format: "ob3-vc2-di",
    container: "bare",
    verdict: "valid",
    verified_at: "2026-11-27T10:00:00Z",
    source_kind: "file",
    source: "a.json",
    added_at: "2026-11-27T10:00:00Z",
    tags: [],
    note: "",
    title: `Course ${n}`,
    description: null,
    issuer_name: "University",
    issuer_id: null,
    subject: null,
    issued_at: "2026-01-01",
    valid_from: null,
    valid_until: null,
    image: null,
    text_warnings: [],
    ...over,
  };
}

export function mockBackend(initial: Partial<Status> = {}, records: CredentialRecord[] = []) {
  const calls: { name: string; args: unknown[] }[] = [];
  const progress: ((p: { done: number; total: number; cancelled: boolean }) => void)[] = [];
  let cancelled = false;
  const shares: LoggedShare[] = [];
  let status: Status = { path: "/home/learner/.local/share/satchel", exists: true, protection: "passphrase", unlocked: false, credentials: 0, schema_version: 2, ...initial };
  const fail = (code: string, message: string) => Promise.reject({ code, message });
  const log = (name: string, ...args: unknown[]) => calls.push({ name, args });
  const previewDelay = { ms: 0 };
  // What the learner picks in Rust's file dialog (names only reach the window), and drops.
  const dialog = { chosen: [] as string[], batch: 0, saveAs: "/home/learner/satchel-backup.age" as string | null, folder: "/home/learner/Sync/satchel" as string | null };
  const dropped: ((files: ChosenFiles) => void)[] = [];
  const drop = (names: string[]) => dropped.forEach((h) => h({ batch: ++dialog.batch, names }));
  // Tauri refuses arguments of the wrong type before the command runs (issue 15, bug 2).
  const mustBeText = (command: string, name: string, value: unknown) =>
    typeof value === "string" ? null : fail("invalid_args", `invalid args \`${name}\` for command \`${command}\`: invalid type: ${typeof value} \`${String(value)}\`, expected a string`);
  // Backups as Rust keeps them; `backups.reminder` is what `auto::reminder` would say.
  const backups: BackupOverview = { auto: { folder: null, keep: 7, encryption: null, last_at: null, last_file: null }, reminder: null, remind_after_days: 14 };
  const made = (path: string): Made => {
    backups.auto.last_at = "2026-11-28T09:00:00Z";
    backups.reminder = null;
    return { path, created: backups.auto.last_at, counts: { credentials: records.length, holder_keys: 1, shares: 0, settings: 1, cached_documents: 0 }, size: 4096, encryption: "passphrase" };
  };
  const CODE = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ";
  const detail = (id: string): Detail => {
    const r = records.find((x) => x.id === id) ?? record(0);
    return {
      record: r,
      report: { format: r.format, verdict: "valid", checks: [
        { check: "signature", outcome: "passed", code: "signature.passed", params: { suite: "eddsa-rdfc-2022", key: "did:key:z6Mk#z6Mk" }, detail: "eddsa-rdfc-2022 by did:key:z6Mk", finding: null },
        { check: "validity", outcome: "passed", code: "validity.between", params: { from: "2026-01-01", until: "2027-01-01" }, detail: "valid until 2027-01-01T00:00:00Z", finding: null },
        { check: "status", outcome: "not_applicable", code: "status.none", params: {}, detail: "the credential has no status entry", finding: null },
      ], issuer: { id: null, name: r.issuer_name }, subject: null, title: r.title, checked_at: "2026-11-27T10:00:00Z", contacted: [] },
      view: {
        title: r.title, description: null, language: "en", languages: ["en"],
        issuer: { id: null, name: r.issuer_name, country: null, homepage: null, logo: null },
        learner: "Ana", issued: "2026-01-01", valid_from: null, valid_until: null,
        achievements: [{ title: "Algebra", description: null, criteria: null, learning_outcomes: ["Solve linear equations"], skills: [], credits: [{ points: "5", framework: "ECTS" }], eqf_level: 6, nqf_level: null, grade: "A", volume_of_learning: null, volume_in_words: null, awarding_body: null, parts: [] }],
        pages: [], sealed_by: null, sealed_at: null, claims: [],
      },
      hideable_claims: [],
      size: 100,
    };
  };
  const backend: Backend = {
    status: async () => (log("status"), status),
    create: async (p) => {
      log("create", p);
      if (p !== null && p.length < 8) return fail("weak_passphrase", "too short");
      status = { ...status, exists: true, unlocked: true, protection: p === null ? "keyring" : "passphrase" };
      return status;
    },
    unlock: async (p) => {
      log("unlock", p);
      // As the Rust command: a keyring wallet takes no passphrase, a passphrase wallet needs its own.
      if (status.protection === "keyring") {
        if (p !== null) return fail("passphrase_not_used", "this wallet has no passphrase");
        status = { ...status, unlocked: true };
        return status;
      }
      if (p === null) return fail("passphrase_required", "this wallet is protected by a passphrase");
      if (p !== "right passphrase") return fail("wrong_passphrase", "wrong passphrase");
      status = { ...status, unlocked: true };
      return status;
    },
    lock: async () => ((status = { ...status, unlocked: false }), status),
    touch: async () => {},
    protect: async (current, passphrase, change) => {
      log("protect", current, passphrase, change);
      if (status.protection === "passphrase" && current === null) return fail("passphrase_required", "give the current passphrase");
      if (status.protection === "passphrase" && current !== "right passphrase") return fail("wrong_passphrase", "wrong passphrase");
      status = { ...status, protection: passphrase === null ? "keyring" : "passphrase" };
      return status;
    },
    search: async (q: Query) => {
      log("search", q);
      const words = (q.text ?? "").toLowerCase().split(/\s+/).filter(Boolean);
      const found = records.filter((r) => words.every((w) => `${r.title} ${r.issuer_name}`.toLowerCase().includes(w)));
      return { total: found.length, items: found.slice(q.page.offset, q.page.offset + q.page.limit) };
    },
    facets: async () => ({ verdicts: [["valid", records.length]], formats: [["ob3-vc2-di", records.length]], issuers: [["University", records.length]], issuer_ids: [["did:key:z6MkUniversity", "University", records.length]] }),
    detail: async (id) => (log("detail", id), detail(id)),
    chooseFiles: async (purpose) => (log("chooseFiles", purpose), { batch: ++dialog.batch, names: dialog.chosen }),
    onDropped: (handler) => {
      dropped.push(handler);
      return () => dropped.splice(dropped.indexOf(handler), 1);
    },
    importFile: async (batch, index) => (log("importFile", batch, index), { outcome: "added", credential: record(99) }),
    importText: async (text) => (log("importText", text), text.includes("{") ? { outcome: "added" as const, credential: record(98) } : fail("unsupported_format", "plain text")),
    importImage: async () => fail("unsupported_format", "an image with no readable QR code"),
    importUrl: async (url) => (log("importUrl", url), fail("network", "could not fetch")),
    reverify: async (id) => (log("reverify", id), { record: detail(id).record, report: detail(id).report! }),
    remove: async (id) => (log("remove", id), detail(id).record),
    annotate: async (id, tags, note) => (log("annotate", id, tags, note), { ...detail(id).record, tags, note }),
    raw: async () => ({ media_type: "application/vc", text: "{}", base64: null }),
    saveCopy: async (id) => (log("saveCopy", id), `/home/learner/${id}.json`),
    settings: async () => [{ key: "lock_after_minutes", value: "10" }],
    setSetting: async (key, value) => (log("setSetting", key, value), (await mustBeText("settings_set", "value", value)) ?? { key, value }),
    reverifyAll: async () => {
      log("reverifyAll");
      const total = records.length;
      for (let done = 1; done <= total; done++) {
        if (cancelled) return { done: done - 1, total, cancelled: true };
        progress.forEach((h) => h({ done, total, cancelled: false }));
        await new Promise((r) => setTimeout(r, 5));
      }
      return { done: total, total, cancelled: false };
    },
    cancelWork: async () => {
      log("cancelWork");
      cancelled = true;
    },
    onProgress: (handler) => {
      progress.push(handler);
      return () => progress.splice(progress.indexOf(handler), 1);
    },
    addSamples: async () => {
      log("addSamples");
      const added = [record(501, { title: "Sample: Data Literacy", issuer_name: "Satchel demo issuer (sample, not a real institution)" })];
      records.push(...added);
      return added.map((credential) => ({ outcome: "added" as const, credential }));
    },
    onLocked: () => {},
    sharePreview: async (id) => {
      log("sharePreview", id);
      if (previewDelay.ms) await new Promise((r) => setTimeout(r, previewDelay.ms));
      const r = records.find((x) => x.id === id) ?? record(0);
      const preview: Preview = r.format.startsWith("sd-jwt")
        ? {
            id, title: r.title, carried: "sd-jwt",
            always: [{ name: "vct", path: ["vct"], value: "https://credentials.example/degree", inside: null, labels: {} }],
            optional: [
              { name: "address", path: ["address"], value: '{"country":"FR"}', inside: null, labels: {} },
              { name: "family_name", path: ["family_name"], value: "Secretname", inside: null, labels: {} },
              { name: "given_name", path: ["given_name"], value: "Ana", inside: null, labels: {} },
              { name: "grade", path: ["grade"], value: "A", inside: null, labels: { en: "Final grade", fr: "Note finale" } },
              { name: "street", path: ["address", "street"], value: "1 Secret Road", inside: "address", labels: {} },
            ],
          }
        : { id, title: r.title, carried: "embedded", always: [], optional: [] };
      return preview;
    },
    profiles: async () => [{ label: "Default", did: "did:key:z6MkLearner", algorithm: "Ed25519", created_at: "2026-11-27T10:00:00Z" }],
    share: async (request) => {
      log("share", request);
      if (request.ids.length === 0) return fail("cannot_share", "choose at least one credential to share");
      const contents = request.ids.map((id): Shown => {
        const r = records.find((x) => x.id === id) ?? record(0);
        const all = r.format.startsWith("sd-jwt") ? ["address", "family_name", "given_name", "grade", "street"] : [];
        const disclosed = request.disclose[id] ?? all;
        return { id, title: r.title, carried: all.length ? "sd-jwt" : "embedded", disclosed, withheld: all.filter((c) => !disclosed.includes(c)) };
      });
      shares.unshift({ titles: contents.map((c) => c.title), method: "package", recipient: request.recipient, shared_at: "2026-11-27T10:00:00Z", expires_at: "2026-12-27T10:00:00Z" });
      return {
        package: { holder: "did:key:z6MkLearner", challenge: request.challenge || "random-challenge", domain: request.domain || null, created: "2026-11-27T10:00:00Z", expires: "2026-12-27T10:00:00Z", contents },
        codes: ["<svg data-code='1'></svg>", "<svg data-code='2'></svg>"],
      };
    },
    saveShare: async (what) => (log("saveShare", what), [`/home/learner/${what}.out`]),
    shares: async () => [...shares],
    links: async (id, link) => {
      log("links", id, link);
      const url = link ?? null;
      return {
        certification: {
          name: "Course 1 & more", organization_id: null, organization_name: "University", issue_year: 2026, issue_month: 1, expiration_year: null, expiration_month: null,
          cert_url: url, cert_id: "urn:uuid:1", add_to_profile: "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Course%201%20%26%20more",
          share_post: url ? `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(url)}` : null,
        },
        qr: url ? "<svg data-link></svg>" : null,
      };
    },
    linkedin: async (id, link, post) => (log("linkedin", id, link, post), true),
    openLink: async (url) => (log("openLink", url), true),
    check: async (input) => {
      log("check", input);
      if (!input.text?.includes("VerifiablePresentation") && input.batch === null && !input.image) return fail("unsupported_format", "nothing to check");
      const replayed = input.challenge !== null && input.challenge !== "" && input.challenge !== "c-77";
      const checked: Checked = {
        kind: "package", format: "vp-di", verdict: replayed ? "invalid" : "valid", holder: "did:key:z6MkLearner", challenge: "c-77", domain: null, expires: "2026-12-27T10:00:00Z",
        checks: [
          { check: "format", outcome: "passed", code: "format.package", params: {}, detail: "a Verifiable Presentation", finding: null },
          replayed
            ? { check: "signature", outcome: "failed", code: "signature.challenge", params: {}, detail: `the package was made for challenge \`c-77\`, not \`${input.challenge}\``, finding: null }
            : { check: "signature", outcome: "passed", code: "signature.holder", params: {}, detail: "eddsa-rdfc-2022, challenge `c-77`", finding: null },
        ],
        credentials: [detail(records[0]?.id ?? "x").report!],
        checked_at: "2026-11-27T10:00:00Z",
        // A package whose credential names another person says so ("someone-else" in the pasted text).
        about: [{
          subjects: [input.text?.includes("someone-else") ? "did:key:z6MkSomeoneElse" : "did:key:z6MkLearner"],
          names_sender: !input.text?.includes("someone-else"),
          key_bound: false,
          view: detail(records[0]?.id ?? "x").view,
          // An SD-JWT whose issuer signed an examiner's name inside `examiner` ("nested" in the pasted text).
          disclosed: input.text?.includes("nested")
            ? [
                { name: "name", path: ["name"], value: "Alice Example", inside: null, labels: { en: "Graduate" } },
                { name: "name", path: ["examiner", "name"], value: "Prof. Mallory Forger", inside: null, labels: {} },
              ]
            : [],
        }],
      };
      return checked;
    },
    backupStatus: async () => (log("backupStatus"), structuredClone(backups)),
    backupCreate: async (passphrase) => {
      log("backupCreate", passphrase);
      if (passphrase !== null && passphrase.length < 8) return fail("weak_passphrase", "too short");
      if (dialog.saveAs === null) return null;
      return { made: made(dialog.saveAs), recovery_code: passphrase === null ? CODE : null };
    },
    backupNow: async () => (log("backupNow"), backups.auto.folder ? made(`${backups.auto.folder}/satchel-backup-now.age`) : fail("invalid_setting", "automatic backups are off: choose a folder first")),
    backupAutoSet: async (passphrase, keep) => {
      log("backupAutoSet", passphrase, keep);
      if (dialog.folder === null) return null;
      backups.auto = { ...backups.auto, folder: dialog.folder, keep, encryption: passphrase === null ? "recovery_code" : "passphrase" };
      return { auto: backups.auto, made: made(`${dialog.folder}/satchel-backup-1.age`), recovery_code: passphrase === null ? CODE : null };
    },
    backupAutoOff: async () => (log("backupAutoOff"), (backups.auto = { ...backups.auto, folder: null, encryption: null })),
    backupSnooze: async () => {
      log("backupSnooze");
      backups.reminder = null;
    },
    restoreNew: async (batch, secret, passphrase) => {
      log("restoreNew", batch, secret, passphrase);
      const name = dialog.chosen[0] ?? "";
      if (batch !== dialog.batch || !name) return fail("not_found", "choose the file again");
      if (name.endsWith(".txt")) return fail("not_a_backup", "this is not a Satchel backup");
      if (name.startsWith("damaged")) return fail("backup_damaged", "the backup is damaged: truncated; nothing was changed");
      if (secret !== "right backup passphrase" && secret !== CODE) return fail("backup_wrong_secret", "wrong passphrase or recovery code: nothing was changed");
      const restored = [record(701, { title: "Restored: Algebra" }), record(702, { title: "Restored: Data Literacy" })];
      records.push(...restored);
      status = { ...status, exists: true, unlocked: true, protection: passphrase === null ? "keyring" : "passphrase", credentials: records.length };
      return {
        status,
        restored: {
          wallet_id: "w-1", created: "2026-11-20T09:00:00Z", added: restored.map((r) => r.id), already_there: [], replaced: [],
          refused: [{ id: "abc000000703", reason: "its bytes do not match its hash" }], holder_keys_added: 1, holder_keys_already_there: 0, holder_keys_refused: [],
          shares_added: 0, settings_applied: [], settings_left: [], cached_documents_added: 0, verdicts: { valid: 2 }, changed: [],
        },
      };
    },
    restore: async (batch, secret, settings) => {
      log("restore", batch, secret, settings);
      if (batch !== dialog.batch || !dialog.chosen[0]) return fail("not_found", "choose the file again");
      if (secret !== "right backup passphrase" && secret !== CODE) return fail("backup_wrong_secret", "wrong passphrase or recovery code: nothing was changed");
      const added = record(801, { title: "Merged: Statistics" });
      records.push(added);
      return {
        wallet_id: "w-2", created: "2026-11-21T09:00:00Z", added: [added.id], already_there: [records[0].id], replaced: [],
        refused: [], holder_keys_added: 0, holder_keys_already_there: 1, holder_keys_refused: [],
        shares_added: 0, settings_applied: [], settings_left: [], cached_documents_added: 0, verdicts: { valid: 1 }, changed: [],
      };
    },
  };
  return { backend, calls, previewDelay, dialog, drop, backups };
}
