/**
 * Aho-Corasick automaton over the rules' keywords, run on bytes or on string char codes: one table
 * lookup per character finds every keyword of a line, and which rules it selects.
 * Keywords are ASCII, and UTF-8 never puts an ASCII byte inside a multi-byte character, so running it
 * on the bytes of UTF-8 text finds exactly what it finds on the decoded string.
 */
export class KeywordMatcher {
  readonly delta: Int32Array;
  /** Per state: a bit per rule (rules 0-31 in `lo`, 32-63 in `hi`) whose keyword ends here. */
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  /** Per state: 1 when some keyword ends here; the cheapest test for a caller's own loop. */
  readonly hit: Uint8Array;
  /**
   * `delta` where a state that ends a keyword leads to `sink` on every byte: for a caller that only
   * asks "any keyword on this line?", one table lookup per byte and no bookkeeping.
   */
  readonly anyDelta: Int32Array;
  readonly sink: number;
  /** Rule bits found by the last scan. */
  foundLo = 0;
  foundHi = 0;

  /** `keywords[i]` are the keywords of rule i. */
  constructor(keywords: ReadonlyArray<readonly string[]>) {
    if (keywords.length > 64) throw new Error('KeywordMatcher supports at most 64 rules');
    const next: Array<Map<number, number>> = [new Map<number, number>()];
    const outLo: number[] = [0];
    const outHi: number[] = [0];
    keywords.forEach((words, rule) => {
      for (const word of words) {
        let state = 0;
        for (let i = 0; i < word.length; i++) {
          const c = word.charCodeAt(i);
          if (c > 127) throw new Error(`keyword ${JSON.stringify(word)} is not ASCII`);
          let to = next[state]?.get(c);
          if (to === undefined) {
            to = next.length;
            next.push(new Map<number, number>());
            outLo.push(0);
            outHi.push(0);
            next[state]?.set(c, to);
          }
          state = to;
        }
        if (rule < 32) outLo[state] = (outLo[state] ?? 0) | (1 << rule);
        else outHi[state] = (outHi[state] ?? 0) | (1 << (rule - 32));
      }
    });
    const states = next.length;
    const delta = new Int32Array(states * 256);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let c = 0; c < 256; c++) {
      const to = next[0]?.get(c) ?? 0;
      delta[c] = to;
      if (to !== 0) queue.push(to);
    }
    // Breadth-first, so that each state's failure state is complete before its children use it.
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] ?? 0;
      const f = fail[state] ?? 0;
      outLo[state] = (outLo[state] ?? 0) | (outLo[f] ?? 0);
      outHi[state] = (outHi[state] ?? 0) | (outHi[f] ?? 0);
      for (let c = 0; c < 256; c++) {
        const to = next[state]?.get(c);
        if (to === undefined) {
          delta[state * 256 + c] = delta[f * 256 + c] ?? 0;
        } else {
          delta[state * 256 + c] = to;
          fail[to] = delta[f * 256 + c] ?? 0;
          queue.push(to);
        }
      }
    }
    this.delta = delta;
    this.lo = Int32Array.from(outLo);
    this.hi = Int32Array.from(outHi);
    this.hit = Uint8Array.from([...outLo.map((l, i) => ((l | (outHi[i] ?? 0)) !== 0 ? 1 : 0)), 1]);
    this.sink = states;
    this.anyDelta = new Int32Array((states + 1) * 256);
    this.anyDelta.set(delta);
    for (let state = 0; state <= states; state++) {
      if (this.hit[state] === 1) this.anyDelta.fill(states, state * 256, (state + 1) * 256);
    }
  }

  /** Scans bytes [start, end); true when any keyword occurs. The rules are in `foundLo`/`foundHi`. */
  scanBytes(bytes: Uint8Array, start: number, end: number): boolean {
    const { delta, lo, hi } = this;
    let state = 0;
    let foundLo = 0;
    let foundHi = 0;
    for (let i = start; i < end; i++) {
      state = delta[(state << 8) | (bytes[i] as number)] as number;
      foundLo |= lo[state] as number;
      foundHi |= hi[state] as number;
    }
    this.foundLo = foundLo;
    this.foundHi = foundHi;
    return (foundLo | foundHi) !== 0;
  }

  /** The same over a string's char codes; characters beyond Latin-1 match no keyword. */
  scanString(text: string): boolean {
    const { delta, lo, hi } = this;
    let state = 0;
    let foundLo = 0;
    let foundHi = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      state = delta[(state << 8) | (c > 255 ? 0 : c)] as number;
      foundLo |= lo[state] as number;
      foundHi |= hi[state] as number;
    }
    this.foundLo = foundLo;
    this.foundHi = foundHi;
    return (foundLo | foundHi) !== 0;
  }
}
