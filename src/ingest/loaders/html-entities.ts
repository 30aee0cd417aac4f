/**
 * HTML character references: numeric (`&#8217;`, `&#x2014;`, with the Windows-1252 remapping
 * of 128-159 that the WHATWG HTML standard prescribes, §13.2.5.80) and the common named ones.
 * Unknown names are left as written.
 */

const MARKS: Readonly<Record<string, readonly [string, string]>> = {
  acute: ["\u0301", "aeiouyAEIOUY"],
  grave: ["\u0300", "aeiouAEIOU"],
  circ: ["\u0302", "aeiouAEIOU"],
  uml: ["\u0308", "aeiouyAEIOU"],
  tilde: ["\u0303", "anoANO"],
  ring: ["\u030a", "aA"],
  cedil: ["\u0327", "cC"],
};

const NAMED: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>(
    Object.entries({
      amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ensp: "\u2002", emsp: "\u2003",
      thinsp: "\u2009", zwnj: "\u200c", zwj: "\u200d", lrm: "\u200e", rlm: "\u200f", shy: "\u00ad",
      copy: "©", reg: "®", trade: "™", hellip: "…", mdash: "—", ndash: "–", minus: "−", lsquo: "‘",
      rsquo: "’", sbquo: "‚", ldquo: "“", rdquo: "”", bdquo: "„", laquo: "«", raquo: "»", lsaquo: "‹",
      rsaquo: "›", bull: "•", middot: "·", deg: "°", plusmn: "±", times: "×", divide: "÷", frac12: "½",
      frac14: "¼", frac34: "¾", sup1: "¹", sup2: "²", sup3: "³", micro: "µ", para: "¶", sect: "§",
      cent: "¢", pound: "£", euro: "€", yen: "¥", curren: "¤", iexcl: "¡", iquest: "¿", ordf: "ª",
      ordm: "º", not: "¬", macr: "¯", acute: "´", cedil: "¸", szlig: "ß", aelig: "æ", AElig: "Æ",
      oslash: "ø", Oslash: "Ø", eth: "ð", ETH: "Ð", thorn: "þ", THORN: "Þ", oelig: "œ", OElig: "Œ",
      dagger: "†", Dagger: "‡", permil: "‰", prime: "′", Prime: "″", larr: "←", rarr: "→", uarr: "↑",
      darr: "↓", harr: "↔", rArr: "⇒", lArr: "⇐", hArr: "⇔", le: "≤", ge: "≥", ne: "≠", asymp: "≈",
      equiv: "≡", infin: "∞", sum: "∑", prod: "∏", radic: "√", part: "∂", int: "∫", isin: "∈",
      alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", zeta: "ζ", eta: "η", theta: "θ",
      iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ", omicron: "ο", pi: "π", rho: "ρ",
      sigma: "σ", tau: "τ", upsilon: "υ", phi: "φ", chi: "χ", psi: "ψ", omega: "ω", Delta: "Δ",
      Sigma: "Σ", Omega: "Ω", Pi: "Π", hearts: "♥", check: "✓",
    }),
  );
  for (const [suffix, [mark, letters]] of Object.entries(MARKS)) {
    for (const letter of letters) map.set(`${letter}${suffix}`, `${letter}${mark}`.normalize("NFC"));
  }
  return map;
})();

/** Names that old pages write without the final semicolon. */
const LEGACY_NO_SEMICOLON = new Set(["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]);

/** Windows-1252 characters for references 128-159. */
const WINDOWS_1252 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";

const REFERENCE = /&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}))(;?)/g;

function fromCodePoint(cp: number): string {
  if (cp >= 0x80 && cp <= 0x9f) return WINDOWS_1252[cp - 0x80] ?? "\ufffd";
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "\ufffd";
  return String.fromCodePoint(cp);
}

/**
 * Replaces character references by the characters they stand for.
 * @example decodeEntities("Caf&eacute; &amp; bar&#8217;s &#x2014;") // "Café & bar’s —"
 */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(REFERENCE, (whole, dec?: string, hex?: string, name?: string, semicolon?: string) => {
    if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    const key = name ?? "";
    const value = NAMED.get(key);
    if (value === undefined || (semicolon !== ";" && !LEGACY_NO_SEMICOLON.has(key))) return whole;
    return value;
  });
}
