/**
 * o200k's byte-pair merge for an ASCII piece, over the tokenizer's own rank table: the count
 * `countTokens` gives a piece it has not seen. The tokenizer merges bytes, looking up every
 * candidate pair by decoding its bytes to a string first (a `TextDecoder` call per lookup): a
 * first-seen piece cost about 18 µs, and first-seen pieces were 40% of a model-free ingest's
 * token counting. In ASCII a byte is a character, so the same merge runs on the string itself,
 * looking up substrings. The merge is the tokenizer's (`bytePairMerge` of gpt-tokenizer 3):
 * repeatedly join the adjacent pair of lowest rank, the leftmost on a tie, until no pair is a
 * token. A property test compares it with the tokenizer.
 */

/**
 * Tokens o200k makes of one ASCII piece of its pre-tokenising split (the piece must be one
 * piece: the split is not applied again). `ranks` maps a token's text to its rank.
 * @example asciiMergeCount(" harbour", ranks) // 2 (" har", "bour") or whatever o200k says
 */
export function asciiMergeCount(piece: string, ranks: ReadonlyMap<string, number>): number {
  const n = piece.length;
  if (n <= 1 || ranks.has(piece)) return Math.min(n, 1);
  // starts[i]: where part i begins (and starts[parts] = n); pair[i]: rank of parts i and i + 1.
  const starts: number[] = [];
  const pair: number[] = [];
  for (let i = 0; i <= n; i++) starts.push(i);
  for (let i = 0; i < n - 1; i++) pair.push(ranks.get(piece.slice(i, i + 2)) ?? Infinity);
  const rankAt = (i: number): number => (i + 2 < starts.length ? (ranks.get(piece.slice(starts[i]!, starts[i + 2]!)) ?? Infinity) : Infinity);
  while (pair.length > 0) {
    let lowest = Infinity;
    let at = -1;
    for (let i = 0; i < pair.length; i++) {
      if (pair[i]! < lowest) {
        lowest = pair[i]!;
        at = i;
      }
    }
    if (at < 0) break;
    starts.splice(at + 1, 1);
    pair.splice(at, 1);
    if (at < pair.length) pair[at] = rankAt(at);
    if (at > 0) pair[at - 1] = rankAt(at - 1);
  }
  return starts.length - 1;
}
