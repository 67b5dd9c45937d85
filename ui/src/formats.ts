// Credential formats by the names people use ("Open Badge 3.0", "European
// Digital Credential", "SD-JWT VC"), not the core's ids (`ob3-vc2-di`,
// `vp-vc11-jades`). The id is family[-model]-securing (credential.rs).
import { t, type Key } from "./i18n.svelte";

export function formatName(id: string): string {
  const m = /^(vc|ob3|clr|edc|ob2|vp)(?:-(vc11|vc2))?-(di|jwt|sd-jwt|jades|xades|hosted|none)$/.exec(id);
  if (!m) return id;
  const [, family, model, securing] = m;
  // An SD-JWT VC has no W3C data model: it is its own format.
  if (family === "vc" && !model && securing === "sd-jwt") return t("formatName.sdJwtVc");
  // A sealed EDC, bare or inside the EBSI presentation, is one thing to a learner.
  if (family === "edc" || (family === "vp" && (securing === "jades" || securing === "xades"))) {
    return securing === "xades" ? t("formatName.edcXml") : t("formatName.edc");
  }
  const name = t(`formatName.${family}` as Key, { version: model === "vc11" ? "1.1" : "2.0" });
  const how = { jwt: "formatName.jwt", "sd-jwt": "formatName.sdJwt", hosted: "formatName.hosted" }[securing];
  return how ? `${name} (${t(how as Key)})` : name;
}
