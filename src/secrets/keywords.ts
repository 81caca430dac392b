/**
 * Aho-Corasick automaton over the rules' keywords: one table lookup per character finds every keyword
 * of a line, and which rules it selects. It runs here on a string's char codes, and as WebAssembly on
 * bytes (search.ts). Keywords are ASCII, and UTF-8 never puts an ASCII byte inside a multi-byte
 * character, so running it on the bytes of UTF-8 text finds exactly what it finds on the decoded string.
 */
export class KeywordMatcher {
  /**
   * Byte -> column: bytes that occur in no keyword share column 0, so a row holds one entry per
   * distinct keyword byte (about 80) rather than 256, and the rows visited by real text stay in cache.
   */
  readonly classes: Uint8Array;
  /** Columns per state row. */
  readonly width: number;
  readonly delta: Int32Array;
  /** 32-bit words per state in `bits`: one bit per rule. */
  readonly words: number;
  /** Per state, `words` words: a bit per rule whose keyword ends here. */
  readonly bits: Int32Array;
  /** Per state: 1 when some keyword ends here; the cheapest test for a caller's own loop. */
  readonly hit: Uint8Array;
  /** Number of states. */
  readonly states: number;
  /** Rule bits found by the last scan, `words` words; read them with `has`. */
  readonly found: Int32Array;

  /** `keywords[i]` are the keywords of rule i. */
  constructor(keywords: ReadonlyArray<readonly string[]>) {
    const words = Math.max(1, Math.ceil(keywords.length / 32));
    const next: Array<Map<number, number>> = [new Map<number, number>()];
    const out: Int32Array[] = [new Int32Array(words)];
    keywords.forEach((list, rule) => {
      for (const word of list) {
        let state = 0;
        for (let i = 0; i < word.length; i++) {
          const c = word.charCodeAt(i);
          if (c > 127) throw new Error(`keyword ${JSON.stringify(word)} is not ASCII`);
          let to = next[state]?.get(c);
          if (to === undefined) {
            to = next.length;
            next.push(new Map<number, number>());
            out.push(new Int32Array(words));
            next[state]?.set(c, to);
          }
          state = to;
        }
        const set = out[state] as Int32Array;
        set[rule >>> 5] = (set[rule >>> 5] as number) | (1 << (rule & 31));
      }
    });
    const classes = new Uint8Array(256);
    let width = 1;
    for (const map of next) for (const c of map.keys()) if (classes[c] === 0) classes[c] = width++;
    const states = next.length;
    const delta = new Int32Array(states * width);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (const [c, to] of next[0] ?? []) {
      delta[classes[c] as number] = to;
      queue.push(to);
    }
    // Breadth-first, so that each state's failure state is complete before its children use it.
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] ?? 0;
      const f = fail[state] ?? 0;
      const own = out[state] as Int32Array;
      const inherited = out[f] as Int32Array;
      for (let w = 0; w < words; w++) own[w] = (own[w] as number) | (inherited[w] as number);
      for (let k = 0; k < width; k++) delta[state * width + k] = delta[f * width + k] ?? 0;
      for (const [c, to] of next[state] ?? []) {
        const k = classes[c] as number;
        fail[to] = delta[f * width + k] ?? 0;
        delta[state * width + k] = to;
        queue.push(to);
      }
    }
    this.classes = classes;
    this.width = width;
    this.delta = delta;
    this.words = words;
    this.bits = new Int32Array(states * words);
    out.forEach((set, state) => { this.bits.set(set, state * words); });
    this.hit = Uint8Array.from(out.map((set) => (set.some((w) => w !== 0) ? 1 : 0)));
    this.found = new Int32Array(words);
    this.states = states;
  }

  /** True when the last scan found a keyword of rule `rule`. */
  has(rule: number): boolean {
    return (((this.found[rule >>> 5] as number) >>> (rule & 31)) & 1) === 1;
  }

  /** Scans a string's char codes; true when any keyword occurs, the rules are in `found`. Characters beyond Latin-1 match no keyword. */
  scanString(text: string): boolean {
    const { classes, delta, hit, width } = this;
    this.found.fill(0);
    let state = 0;
    let any = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      state = delta[state * width + (c > 255 ? 0 : (classes[c] as number))] as number;
      if (hit[state] === 1) {
        this.collect(state);
        any = true;
      }
    }
    return any;
  }

  private collect(state: number): void {
    const { bits, found, words } = this;
    const base = state * words;
    for (let w = 0; w < words; w++) found[w] = (found[w] as number) | (bits[base + w] as number);
  }
}
