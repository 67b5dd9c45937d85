// Rewrites Satchel's bundled JSON-LD contexts from the npm packages that
// publish them (versions pinned in package.json), and CONTEXTS.tsv with each
// context's URL, file, source package and SHA-256. Run by hand when a context
// package is updated:  npm ci && node update.mjs
// Contexts that real credentials use but no registry package publishes (the
// W3C examples v2, CLR 2.0.1, citizenship v4rc1) are listed in PUBLISHED.tsv
// with the repository, commit and path they were taken from, their licence
// and their SHA-256; their files are kept as taken and only re-pinned here.
// The wallet never fetches a context: it loads only these files, and checks
// their SHA-256 against CONTEXTS.tsv (see src/jsonld.rs).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

const packages = JSON.parse(readFileSync(new URL("./package.json", import.meta.url))).dependencies;
const rows = [];
const seen = new Set();

function slug(url) {
  return url.replace(/^https?:\/\//, "").replace(/\.json(ld)?$/, "").replace(/[^A-Za-z0-9.-]+/g, "_") + ".jsonld";
}

for (const [name, version] of Object.entries(packages)) {
  const mod = await import(name);
  const contexts = mod.contexts ?? mod.default?.contexts;
  if (!contexts) throw new Error(`${name} exports no contexts map`);
  for (const [url, context] of contexts) {
    // Only real context URLs; the first package listing a URL wins.
    if (!/^https?:\/\//.test(url) || seen.has(url)) continue;
    seen.add(url);
    const file = slug(url);
    const bytes = JSON.stringify(context, null, 2) + "\n";
    writeFileSync(new URL(`./${file}`, import.meta.url), bytes);
    const sha = createHash("sha256").update(bytes).digest("hex");
    rows.push([url, file, `${name}@${version}`, sha].join("\t"));
  }
}
for (const line of readFileSync(new URL("./PUBLISHED.tsv", import.meta.url), "utf8").trim().split("\n").slice(1)) {
  const [url, file, source, , sha256] = line.split("\t");
  if (seen.has(url)) continue;
  seen.add(url);
  const sha = createHash("sha256").update(readFileSync(new URL(`./${file}`, import.meta.url))).digest("hex");
  if (sha !== sha256) throw new Error(`${file} does not match its pin in PUBLISHED.tsv`);
  rows.push([url, file, source, sha].join("\t"));
}
rows.sort();
writeFileSync(new URL("./CONTEXTS.tsv", import.meta.url), ["url\tfile\tpackage\tsha256", ...rows].join("\n") + "\n");
console.log(`${rows.length} contexts written`);
