/**
 * Sample documents for the server's tests and the load script: a made-up handbook whose facts
 * are easy to ask about, long enough to have several leaves and a level of information points.
 */

const SECTIONS: readonly (readonly [string, string])[] = [
  ["The lens", "The Fresnel lens must be cleaned every fourteen days with distilled water and a soft linen cloth. Keepers never use ammonia on the prisms, because it clouds the glass."],
  ["The lamp", "The lamp burns for eleven hours on a winter night. A spare bulb of the same rating is kept in the brass cabinet on the watch deck."],
  ["The fog signal", "The fog horn sounds two blasts every thirty seconds whenever visibility falls below two nautical miles. Its compressor is tested each Monday at noon."],
  ["Logbooks", "Every keeper writes the weather, the passing ships and any fault in the logbook at the end of each watch. Logbooks are kept for twenty-five years in the archive at Port Ellery."],
  ["The keepers", "Three keepers share the station, each serving a rotation of six weeks on and three weeks ashore. The principal keeper is Margaret Quill, appointed in 1987."],
  ["Supplies", "A supply boat named the Heron arrives on the first Tuesday of every month with fuel, food and fresh water. In a storm the delivery waits for calm seas."],
  ["Painting", "The tower is painted white with a single red band, and the paint is renewed every seven years. The last full repaint was finished in the spring of 2019."],
  ["Emergencies", "In an emergency the keeper radios the coastguard on channel sixteen and fires two red flares. The station's lifeboat can carry eight people."],
  ["Visitors", "Visitors may climb the one hundred and twelve steps of the tower on Saturdays between ten and four. Children under eight must hold an adult's hand on the gallery."],
  ["History", "The lighthouse was first lit on the ninth of October 1871, after a schooner named the Albatross was wrecked on the Gannet Rocks. Its light can be seen twenty-two nautical miles away."],
];

/** Filler that makes each section long enough to fill a leaf, with no facts of its own. */
const FILLER =
  "The station routine is quiet and orderly, and the keepers record what they see with care. " +
  "Weather on this coast changes quickly, so the watch is never left unattended. " +
  "The rooms below the lantern are small but dry, and the stove keeps them warm through the winter. ";

/**
 * The handbook's text, `sections` sections long (up to ten, the ones with facts first).
 * @example const text = handbookText(); // mentions "every fourteen days"
 */
export function handbookText(sections = SECTIONS.length, filler = 3): string {
  const parts = ["# Gannet Rock Lighthouse Handbook", ""];
  for (const [title, facts] of SECTIONS.slice(0, sections)) {
    parts.push(`## ${title}`, "", `${facts} ${FILLER.repeat(filler)}`.trim(), "");
  }
  return parts.join("\n");
}

/** A longer text for ingest load: `n` numbered chapters of plain prose. */
export function longText(n: number, seed = 1): string {
  const words = ["harbor", "lantern", "signal", "keeper", "storm", "tide", "rock", "vessel", "beacon", "channel", "gallery", "compass"];
  const out: string[] = [];
  let x = seed;
  for (let c = 0; c < n; c += 1) {
    const sentence: string[] = [];
    for (let i = 0; i < 60; i += 1) {
      x = (x * 1103515245 + 12345) % 2147483648;
      sentence.push(words[x % words.length]!);
    }
    out.push(`Chapter ${c + 1}. The ${sentence.slice(0, 30).join(" ")}. Then ${sentence.slice(30).join(" ")}.`);
  }
  return out.join("\n\n");
}

/** Parses a whole Server-Sent Events body into `{ event, data }` with data parsed as JSON. */
export function parseSse(text: string): { event: string; data: unknown }[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim().length > 0)
    .map((block) => {
      const lines = block.split("\n");
      const event = lines.find((l) => l.startsWith("event: "))?.slice(7) ?? "message";
      const data = lines
        .filter((l) => l.startsWith("data: "))
        .map((l) => l.slice(6))
        .join("\n");
      return { event, data: JSON.parse(data) as unknown };
    });
}
