// SD-JWT claims as a person reads them (issue 15): a label instead of the
// raw name (`family_name` → "Family name"), a date instead of a Unix time
// (`iat 1796040112` → "Issued 30 November 2026"). The raw name stays one
// hover away (title attribute) for whoever needs it.
import { locale, t } from "./i18n.svelte";

/** Labels for the claim names SD-JWT VCs and the EU PID commonly use. */
const LABELS: Record<string, Record<string, string>> = {
  en: {
    vct: "Credential type", iss: "Issuer", sub: "Subject", iat: "Issued", nbf: "Valid from", exp: "Expires", cnf: "Holder's key", status: "Revocation status",
    given_name: "Given name", family_name: "Family name", name: "Name", birthdate: "Date of birth", birth_date: "Date of birth", age_over_18: "Over 18",
    email: "Email", phone_number: "Phone number", address: "Address", street_address: "Street", street: "Street", locality: "Town or city", postal_code: "Postal code", country: "Country", region: "Region",
    nationality: "Nationality", nationalities: "Nationalities", grade: "Grade", credits: "Credits", achievement: "Achievement", degree: "Degree", title: "Title", level: "Level",
  },
  fr: {
    vct: "Type d'attestation", iss: "Émetteur", sub: "Sujet", iat: "Délivrée le", nbf: "Valable à partir du", exp: "Expire le", cnf: "Clé du titulaire", status: "Statut de révocation",
    given_name: "Prénom", family_name: "Nom de famille", name: "Nom", birthdate: "Date de naissance", birth_date: "Date de naissance", age_over_18: "Plus de 18 ans",
    email: "Courriel", phone_number: "Téléphone", address: "Adresse", street_address: "Rue", street: "Rue", locality: "Ville", postal_code: "Code postal", country: "Pays", region: "Région",
    nationality: "Nationalité", nationalities: "Nationalités", grade: "Note obtenue", credits: "Crédits", achievement: "Réussite", degree: "Diplôme", title: "Titre", level: "Niveau",
  },
};

/** Claims whose numbers are Unix times (JWT registered claims). */
const TIMES = new Set(["iat", "nbf", "exp", "auth_time", "iat_", "issuance_date", "expiry_date"]);

/**
 * The issuer's label in the learner's language (`fr`, then `fr-CA`-style
 * tags), else in English, else any it published.
 */
function publishedLabel(labels: { [lang in string]?: string } | undefined): string | undefined {
  if (!labels) return undefined;
  const tags = Object.keys(labels);
  const speaks = (lang: string) => tags.find((tag) => tag.toLowerCase() === lang) ?? tags.find((tag) => tag.toLowerCase().startsWith(`${lang}-`));
  const tag = speaks(locale.lang) ?? speaks("en") ?? tags[0];
  return tag ? labels[tag] : undefined;
}

/**
 * A readable label for a claim: the issuer's own (published in the type
 * metadata that came with the credential), a known one, else the name in words.
 */
export function claimLabel(name: string, labels?: { [lang in string]?: string }): string {
  const published = publishedLabel(labels);
  if (published) return published;
  const known = LABELS[locale.lang]?.[name] ?? LABELS.en[name];
  if (known) return known;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_\-.]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : name;
}

/** A claim's value for reading: dates as dates, text as text. */
export function claimValue(name: string, value: string): string {
  const trimmed = value.trim().replace(/^"|"$/g, "");
  if (/^\d{9,11}$/.test(trimmed) && (TIMES.has(name) || /date|time|_at$/i.test(name))) {
    return readableDate(new Date(Number(trimmed) * 1000));
  }
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) {
    const d = new Date(trimmed.length === 10 ? `${trimmed}T00:00:00Z` : trimmed);
    if (!Number.isNaN(d.getTime())) return readableDate(d);
  }
  if (trimmed === "true" || trimmed === "false") return trimmed === "true" ? (locale.lang === "fr" ? "Oui" : "Yes") : locale.lang === "fr" ? "Non" : "No";
  return trimmed;
}

function readableDate(d: Date): string {
  return new Intl.DateTimeFormat(locale.lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(d);
}

/**
 * Where a nested claim sits, in words ("inside Examiner"), from its path:
 * the nearest named place above it. Empty for a top-level claim, so that
 * an examiner's `name` is never read as the learner's.
 */
export function claimPlace(path: string[]): string {
  const parent = path.slice(0, -1).filter((step) => !/^\d+$/.test(step)).pop();
  return parent ? t("share.inside", { claim: claimLabel(parent) }) : "";
}
