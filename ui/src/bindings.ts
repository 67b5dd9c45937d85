// Generated from the Rust types by `cargo test -p satchel-app` (see src-tauri/src/commands/typescript.rs).
// Do not edit: run `UPDATE_BINDINGS=1 cargo test -p satchel-app bindings` after changing them.

export type ErrorCode = "wallet_not_found" | "wallet_exists" | "wrong_passphrase" | "passphrase_required" | "weak_passphrase" | "header_corrupt" | "database_missing" | "database_corrupt" | "keyring_unavailable" | "keyring_entry_missing" | "locked" | "not_found" | "ambiguous_id" | "unsupported_format" | "input_too_large" | "invalid_setting" | "cannot_share" | "network" | "storage" | "io" | "backup_wrong_secret" | "backup_damaged" | "backup_too_new" | "not_a_backup" | "passphrase_not_used" | "unsafe_folder" | "file_exists" | "usage" | "cancelled";

export type ErrorBody = { code: ErrorCode, message: string, };

export type FetchFailure = { "kind": "unreachable" } | { "kind": "status", status: number, } | { "kind": "refused" } | { "kind": "too_large" };

export type ProtectionKind = "keyring" | "passphrase";

export type Status = { path: string, exists: boolean, protection: ProtectionKind | null, unlocked: boolean, credentials: number | null, schema_version: number | null, };

export type SecretInput = { 
/**
 * None: use the OS keyring.
 */
passphrase: string | null, };

export type KeyChange = "rewrap" | "rekey";

export type ProtectInput = { 
/**
 * The wallet's passphrase now; `None` for a keyring wallet (its entry is checked).
 */
current: string | null, 
/**
 * The new passphrase; `None`: keep the key in the OS keyring.
 */
passphrase: string | null, 
/**
 * Re-encrypt the database with a new key, or only re-wrap the key.
 */
change: KeyChange, };

export type Purpose = "import" | "check" | "backup";

export type ChosenFiles = { batch: number, names: Array<string>, };

export type Summary = { title: string | null, description: string | null, issuer_name: string | null, issuer_id: string | null, subject: string | null, issued_at: string | null, valid_from: string | null, valid_until: string | null, image: string | null, text_warnings: Array<string>, };

export type CredentialRecord = { 
/**
 * Short, stable id: the first digits of `hash`.
 */
id: string, hash: string, credential_id: string | null, media_type: string, format: string, container: string, verdict: string | null, verified_at: string | null, source_kind: string, source: string | null, added_at: string, tags: Array<string>, note: string, title: string | null, description: string | null, issuer_name: string | null, issuer_id: string | null, subject: string | null, issued_at: string | null, valid_from: string | null, valid_until: string | null, image: string | null, text_warnings: Array<string>, };

export type DuplicateOf = "same_content" | "same_id";

export type ImportSource = { "kind": "file", "name": string } | { "kind": "url", "name": string } | { "kind": "paste" } | { "kind": "sample" };

export type ImportOutcome = { "outcome": "added", credential: CredentialRecord, } | { "outcome": "duplicate", credential: CredentialRecord, of: DuplicateOf, } | { "outcome": "added_beside_invalid", credential: CredentialRecord, invalid: CredentialRecord, };

export type Page = { offset: number, limit: number, };

export type Sort = "added" | "issued" | "title";

export type Query = { 
/**
 * Words that must all appear in the title, issuer, description, tags,
 * skills or learning outcomes (case-insensitive).
 */
text: string | null, verdict: string | null, format: string | null, issuer: string | null, 
/**
 * The issuer by identity (its DID or key id), whatever name it claims.
 */
issuer_id: string | null, sort: Sort, page: Page, };

export type Found = { total: number, items: Array<CredentialRecord>, };

export type Facets = { verdicts: Array<[string, number]>, formats: Array<[string, number]>, issuers: Array<[string, number]>, 
/**
 * Issuers by identity (id, a name it claims, count): unrelated keys
 * that claim one name stay apart, and the name is only a claim.
 */
issuer_ids: Array<[string, string, number]>, };

export type Check = "format" | "signature" | "issuer" | "validity" | "status" | "trust";

export type Outcome = "passed" | "failed" | "warning" | "skipped" | "not_applicable";

export type Finding = "revoked" | "suspended" | "expired" | "not_yet_valid" | "unconfirmed";

export type Verdict = "valid" | "invalid" | "expired" | "not_yet_valid" | "revoked" | "suspended" | "unverifiable";

export type CheckResult = { check: Check, outcome: Outcome, 
/**
 * Why, for people: rendered from `reason.<code>` with `params`.
 */
code: string, 
/**
 * The values the message names (`{suite}`, `{n}`, `{until}`, …).
 */
params: { [key in string]?: string }, 
/**
 * The technical detail, in English, one click away from the message.
 */
detail: string | null, finding: Finding | null, };

export type IssuerRef = { id: string | null, name: string | null, };

export type Report = { format: string, verdict: Verdict, checks: Array<CheckResult>, issuer: IssuerRef, subject: string | null, title: string | null, checked_at: string, 
/**
 * Every host contacted for this verification (`host` or `host:port`),
 * in order: the user can see what was asked, and of whom. Empty when
 * nothing was fetched (offline, cached copies, or nothing to fetch).
 */
contacted: Array<string>, };

export type Image = { 
/**
 * A `data:` URI for embedded images, else the https address given.
 */
src: string, };

export type Party = { id: string | null, name: string | null, country: string | null, homepage: string | null, logo: Image | null, };

export type Credit = { points: string, framework: string | null, };

export type Achievement = { title: string | null, description: string | null, criteria: string | null, learning_outcomes: Array<string>, skills: Array<string>, credits: Array<Credit>, 
/**
 * The European Qualifications Framework level (1–8).
 */
eqf_level: number | null, nqf_level: string | null, grade: string | null, 
/**
 * As given (ISO 8601 duration, e.g. `PT60H`) and in words.
 */
volume_of_learning: string | null, volume_in_words: string | null, awarding_body: string | null, 
/**
 * Achievements this one is made of.
 */
parts: Array<Achievement>, };

export type ClaimLine = { 
/**
 * The claim's name in the credential (`grade`, `address.street`).
 */
name: string, 
/**
 * The issuer's label for it, else the name in words (`Family name`).
 */
label: string, value: string, };

export type LearningView = { title: string | null, description: string | null, 
/**
 * The language the texts were taken in (ISO 639-1, e.g. `en`), if known.
 */
language: string | null, 
/**
 * Every language the credential's texts come in.
 */
languages: Array<string>, issuer: Party, 
/**
 * The learner's name, when the credential gives one.
 */
learner: string | null, issued: string | null, valid_from: string | null, valid_until: string | null, achievements: Array<Achievement>, 
/**
 * The issuer's rendered pages (EDC `displayParameter`), in page order.
 */
pages: Array<Image>, 
/**
 * Who sealed it and when (EDC), from the seal's certificate.
 */
sealed_by: string | null, sealed_at: string | null, 
/**
 * What an SD-JWT VC discloses, claim by claim, beyond what the fields
 * above already show (labels from the issuer's type metadata where it
 * comes with the credential).
 */
claims: Array<ClaimLine>, };

export type Detail = { record: CredentialRecord, report: Report | null, view: LearningView, 
/**
 * SD-JWT claims that can be kept back when sharing (empty: signed as a whole).
 */
hideable_claims: Array<string>, 
/**
 * The original file's size in bytes.
 */
size: number, };

export type Rechecked = { record: CredentialRecord, report: Report, };

export type Raw = { media_type: string, text: string | null, base64: string | null, };

export type SettingValue = { key: string, value: string, };

export type Progress = { done: number, total: number, cancelled: boolean, };

export type Profile = { label: string, did: string, algorithm: string, created_at: string, };

export type Claim = { name: string, 
/**
 * Where the issuer put it: the names (and, in lists, the positions)
 * from the top of the credential down to the claim itself, so that
 * `examiner.name` is never read as the learner's `name`.
 */
path: Array<string>, 
/**
 * The value as text (JSON for anything but a string), shortened.
 */
value: string, 
/**
 * For an SD-JWT claim disclosed inside another: that claim's name. It
 * can be shown only with that one (its digest is inside it).
 */
inside: string | null, 
/**
 * The issuer's label for the claim by language (`en`, `fr`, …), from
 * the type metadata that came with the credential, for exactly this
 * path; empty when it published none.
 */
labels: { [key in string]?: string }, };

export type Carried = "embedded" | "enveloped" | "sd-jwt";

export type Preview = { id: string, title: string | null, carried: Carried, 
/**
 * The claims the recipient always sees: for SD-JWT those the issuer
 * signed in the clear; empty for a credential shared whole.
 */
always: Array<Claim>, 
/**
 * The SD-JWT claims the learner may show or keep back.
 */
optional: Array<Claim>, };

export type ShareRequest = { ids: Array<string>, 
/**
 * Per SD-JWT credential id: the claims to disclose (others: all).
 */
disclose: { [key in string]?: Array<string> }, recipient: string | null, domain: string | null, challenge: string | null, validDays: number, 
/**
 * A profile's DID or label; none: the default profile.
 */
profile: string | null, };

export type Shown = { id: string, title: string | null, carried: Carried, 
/**
 * SD-JWT: the claims disclosed and those kept back.
 */
disclosed: Array<string>, withheld: Array<string>, };

export type Package = { holder: string, challenge: string, domain: string | null, created: string, expires: string, 
/**
 * Per credential: what the recipient sees of it.
 */
contents: Array<Shown>, };

export type Shared = { package: Package, codes: Array<string>, };

export type SaveKind = "package" | "summary" | "qr";

export type ShareMethod = "package" | "link" | "linkedin" | "qr";

export type LoggedShare = { 
/**
 * The titles of the credentials shared; `None` for one deleted since.
 */
titles: Array<string | null>, method: ShareMethod, recipient: string | null, shared_at: string, expires_at: string | null, };

export type Certification = { name: string, organization_id: string | null, organization_name: string | null, issue_year: number | null, issue_month: number | null, expiration_year: number | null, expiration_month: number | null, cert_url: string | null, cert_id: string | null, 
/**
 * `https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&…`
 */
add_to_profile: string, 
/**
 * `https://www.linkedin.com/sharing/share-offsite/?url=…`, with a public link.
 */
share_post: string | null, };

export type Links = { certification: Certification, 
/**
 * The QR code of the public link, when there is one.
 */
qr: string | null, };

export type CheckInput = { 
/**
 * A batch of files the employer chose or dropped (see `files_choose`); never paths.
 */
batch: number | null, text: string | null, image: Array<number> | null, challenge: string | null, domain: string | null, };

export type PackageReport = { format: string, verdict: Verdict, holder: string | null, challenge: string | null, domain: string | null, expires: string | null, 
/**
 * The holder proof's checks (`format`, `signature`, `issuer` = the
 * holder controls the key, `validity` = within `expires`).
 */
checks: Array<CheckResult>, credentials: Array<Report>, checked_at: string, 
/**
 * What the employer reads of each credential, in the order of
 * `credentials` (`about[i]` is `credentials[i]`): whom it is about and
 * what it says. Additive (issue 15, the employer's report).
 */
about: Array<About>, };

export type About = { 
/**
 * The subjects it names (`credentialSubject.id`, else `sub`).
 */
subjects: Array<string>, 
/**
 * Whether one of them is the package's holder (the sender).
 */
names_sender: boolean, 
/**
 * Bound to a key (`cnf`) instead: its key binding says whose it is.
 */
key_bound: boolean, 
/**
 * The learning view (title, issuer, learner, achievements), when
 * readable: filled in by [`crate::share::check`] (the learning view sits
 * above the verifier, which does not read it).
 * (A `LearningView` as JSON: the verifier names no type of the layer above it.)
 */
view: LearningView | null, 
/**
 * For an SD-JWT: every claim the employer was shown (signed in the
 * clear, or disclosed); empty for other credentials.
 */
disclosed: Array<Claim>, };

export type Checked = { "kind": "package" } & PackageReport | { "kind": "credential" } & Report;

export type Counts = { credentials: number, holder_keys: number, shares: number, settings: number, cached_documents: number, };

export type AutoStatus = { 
/**
 * The folder, when automatic backups are on.
 */
folder: string | null, keep: number, 
/**
 * `passphrase` or `recovery_code`, when on.
 */
encryption: string | null, 
/**
 * When the last backup (automatic or not) was made.
 */
last_at: string | null, last_file: string | null, };

export type Reminder = { 
/**
 * When the last backup was made; `None`: never.
 */
last_at: string | null, 
/**
 * Whole days since the last backup (or, when there was none, since the first credential was added).
 */
days: number, credentials: number, };

export type BackupOverview = { 
/**
 * The automatic folder, and when the last backup (of any kind) was made.
 */
auto: AutoStatus, 
/**
 * Set when there has been no backup for a long while (see `auto::reminder`).
 */
reminder: Reminder | null, 
/**
 * After how many days without a backup the reminder comes.
 */
remind_after_days: number, };

export type Made = { path: string, created: string, counts: Counts, size: number, 
/**
 * `passphrase` or `recovery_code`.
 */
encryption: string, };

export type MadeInput = { 
/**
 * The backup's own passphrase; `None`: a new recovery code, shown once.
 */
passphrase: string | null, };

export type BackupMade = { made: Made, 
/**
 * Shown once to be copied or printed; Satchel keeps only its public half.
 */
recovery_code: string | null, };

export type AutoInput = { 
/**
 * The passphrase they are encrypted to (kept in the encrypted wallet);
 * `None`: a new recovery code, shown once (only its public half is kept).
 */
passphrase: string | null, 
/**
 * How many to keep in the folder.
 */
keep: number, };

export type AutoSet = { auto: AutoStatus, made: Made, recovery_code: string | null, };

export type Refusal = { id: string, reason: string, };

export type Changed = { id: string, before: string | null, after: string, };

export type Restored = { 
/**
 * The backup's manifest: whose wallet, when.
 */
wallet_id: string, created: string, 
/**
 * Credentials added (ids).
 */
added: Array<string>, 
/**
 * Credentials the wallet already held (the same bytes, or a copy kept
 * because the backup's was not more authentic).
 */
already_there: Array<string>, 
/**
 * Wallet copies replaced by the backup's, which verifies where they did not.
 */
replaced: Array<Refusal>, 
/**
 * Credentials not restored, and why.
 */
refused: Array<Refusal>, holder_keys_added: number, holder_keys_already_there: number, holder_keys_refused: Array<Refusal>, shares_added: number, 
/**
 * Settings taken from the backup.
 */
settings_applied: Array<string>, 
/**
 * Settings of the backup that differ from the wallet's and were left
 * alone (the learner did not ask for them), or are unknown here.
 */
settings_left: Array<string>, cached_documents_added: number, 
/**
 * Verdicts of verifying every restored credential again, by verdict.
 */
verdicts: Record<string, number>, 
/**
 * Credentials whose verdict now differs from the backup's.
 */
changed: Array<Changed>, };

export type RestoreNewInput = { 
/**
 * The batch of `files_choose({purpose: "backup"})`: its one file.
 */
batch: number, 
/**
 * The backup's passphrase or recovery code.
 */
secret: string, 
/**
 * The new wallet's own passphrase; `None`: the OS keyring.
 */
passphrase: string | null, };

export type RestoreInput = { 
/**
 * The batch of `files_choose({purpose: "backup"})`: its one file.
 */
batch: number, 
/**
 * The backup's passphrase or recovery code.
 */
secret: string, 
/**
 * Take the backup's settings too.
 */
settings: boolean, };

export type RestoredWallet = { status: Status, restored: Restored, };
