// Message text with values put in: `{name}` placeholders and ICU-style
// plurals, `{n, plural, =0 {none} one {# item} other {# items}}`, whose
// form is chosen by the language's own rules (Intl.PluralRules: French
// says "0 crédit" where English says "0 credits"). The CLI reads the same
// tables with the same rules (satchel-cli's messages.rs).

export type Vars = Record<string, string | number>;

/** The text of `message` in `lang`, with `vars` put in. */
export function render(message: string, vars: Vars, lang: string): string {
  let out = "";
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf("{", i);
    if (open < 0) {
      out += message.slice(i);
      break;
    }
    out += message.slice(i, open);
    const close = matching(message, open);
    if (close < 0) {
      out += message.slice(open);
      break;
    }
    out += argument(message.slice(open + 1, close), vars, lang);
    i = close + 1;
  }
  return out;
}

/** The index of the `}` that closes the `{` at `open`, or -1. */
function matching(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

function argument(body: string, vars: Vars, lang: string): string {
  const comma = body.indexOf(",");
  if (comma < 0) return String(vars[body.trim()] ?? "");
  const name = body.slice(0, comma).trim();
  const rest = body.slice(comma + 1);
  const kind = rest.slice(0, rest.indexOf(",")).trim();
  if (kind !== "plural") return String(vars[name] ?? "");
  const n = Number(vars[name]);
  const forms = branches(rest.slice(rest.indexOf(",") + 1));
  const form = forms.get(`=${n}`) ?? forms.get(Number.isFinite(n) ? new Intl.PluralRules(lang).select(n) : "other") ?? forms.get("other") ?? "";
  return render(form.replaceAll("#", Number.isFinite(n) ? new Intl.NumberFormat(lang).format(n) : String(vars[name] ?? "")), vars, lang);
}

/** `one {…} other {…}` as a map from selector to text. */
function branches(text: string): Map<string, string> {
  const forms = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{", i);
    if (open < 0) break;
    const close = matching(text, open);
    if (close < 0) break;
    forms.set(text.slice(i, open).trim(), text.slice(open + 1, close));
    i = close + 1;
  }
  return forms;
}
