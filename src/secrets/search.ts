// The keyword prefilter of a diff or file scan, run as WebAssembly. The JavaScript automaton of
// keywords.ts walks about 250 MB/s; the same table walked by a few lines of WebAssembly with four
// interleaved streams (each step waits on the previous table load, so independent streams fill the
// wait) walks several times that. No npm package offers a multi-keyword search at native speed
// without a native binary, and the module is 200-odd bytes assembled here from the table.
import type { KeywordMatcher } from './keywords.js';

/** Every keyword end in one buffer: `ends[i]` is the offset of a keyword's last byte, in increasing order. */
export interface KeywordHits {
  count: number;
  ends: Int32Array;
  /** The automaton state at `ends[i]`, for `collect`. */
  states: Int32Array;
  /** The offset of every "\n", in increasing order: found on the way, they spare the line splitter its own search. */
  newlines: Int32Array;
  newlineCount: number;
}

const STREAMS = 4;
/** Bytes walked per call: bounds the output area (one hit per byte at most). */
const WINDOW = 64 * 1024;
/** Bytes copied into the module's memory at a time. */
const PIECE = 1024 * 1024;
const PAGE = 65536;
const NEWLINE = 10;

// Layout of the module's memory.
const CLASSES = 0; // 256 i32: the byte's column offset in a row, in bytes
const CONTROL = 1024; // per stream 16 bytes: pointer, state, output pointer
const DELTA = 2048; // rows of i32: the next state's row offset, in bytes

// WebAssembly opcodes used below; every i32.const operand is below 64, so its signed LEB128 is the byte itself.
const I32 = 0x7f;
const BLOCK = 0x02, LOOP = 0x03, IF = 0x04, END = 0x0b, BR = 0x0c, BR_IF = 0x0d, EMPTY = 0x40;
const GET = 0x20, SET = 0x21;
const LOAD = 0x28, LOAD8_U = 0x2d, STORE = 0x36;
const CONST = 0x41, GE_U = 0x4f, ADD = 0x6a, SHL = 0x74;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (text: string): number[] => [...uleb(text.length), ...Buffer.from(text, 'ascii')];
const memarg = (offset: number): number[] => [2, ...uleb(offset)];

/**
 * `scanN(steps, hitFrom)`: N streams, each from its pointer, state and output pointer in CONTROL, walk
 * `steps` bytes; a state at or past `hitFrom` ends a keyword, and its offset and state are appended to
 * the stream's output. The streams' states and output pointers are written back to CONTROL.
 */
function scanFunction(streams: number): number[] {
  const STEPS = 0, HIT_FROM = 1, I = 2;
  const p = (j: number): number => 3 + 3 * j;
  const s = (j: number): number => 4 + 3 * j;
  const o = (j: number): number => 5 + 3 * j;
  const code: number[] = [];
  for (let j = 0; j < streams; j++) {
    const at = CONTROL + 16 * j;
    code.push(CONST, 0, LOAD, ...memarg(at), SET, p(j), CONST, 0, LOAD, ...memarg(at + 4), SET, s(j), CONST, 0, LOAD, ...memarg(at + 8), SET, o(j));
  }
  code.push(BLOCK, EMPTY, LOOP, EMPTY, GET, I, GET, STEPS, GE_U, BR_IF, 1);
  for (let j = 0; j < streams; j++) {
    // state = delta[state + classes[byte]]
    code.push(GET, s(j), GET, p(j), GET, I, ADD, LOAD8_U, 0, 0, CONST, 2, SHL, LOAD, ...memarg(CLASSES), ADD, LOAD, ...memarg(DELTA), SET, s(j));
  }
  for (let j = 0; j < streams; j++) {
    code.push(GET, s(j), GET, HIT_FROM, GE_U, IF, EMPTY);
    code.push(GET, o(j), GET, p(j), GET, I, ADD, STORE, ...memarg(0));
    code.push(GET, o(j), GET, s(j), STORE, ...memarg(4));
    code.push(GET, o(j), CONST, 8, ADD, SET, o(j), END);
  }
  code.push(GET, I, CONST, 1, ADD, SET, I, BR, 0, END, END);
  for (let j = 0; j < streams; j++) {
    const at = CONTROL + 16 * j;
    code.push(CONST, 0, GET, s(j), STORE, ...memarg(at + 4), CONST, 0, GET, o(j), STORE, ...memarg(at + 8));
  }
  code.push(END);
  const body = [...vec([[...uleb(1 + 3 * streams), I32]]), ...code];
  return [...uleb(body.length), ...body];
}

function assemble(): Uint8Array {
  const signature = [0x60, ...vec([[I32], [I32]]), ...vec([])];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([signature])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0], [0]])),
    ...section(7, vec([[...name('scan1'), 0x00, 0], [...name(`scan${STREAMS}`), 0x00, 1]])),
    ...section(10, [...uleb(2), ...scanFunction(1), ...scanFunction(STREAMS)]),
  ]);
}

// The few WebAssembly globals used here: @types/node 20 declares the namespace without them, and the DOM lib would bring far more.
interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

let compiled: object | undefined;

/**
 * A KeywordMatcher's automaton in WebAssembly, over bytes. A NUL byte leaves the state as it is, so
 * that "A\0K\0I\0A" (UTF-16 text, or NULs put in to split a token) still holds AKIA; the line's text
 * is read with its NULs dropped.
 */
export class KeywordSearch {
  private readonly matcher: KeywordMatcher;
  private readonly words: Int32Array;
  private readonly bytes: Uint8Array;
  private readonly scan1: (steps: number, hitFrom: number) => void;
  private readonly scanN: (steps: number, hitFrom: number) => void;
  private readonly rowBytes: number;
  /** Row offset from which a state ends a keyword (those states are numbered last). */
  private readonly hitFrom: number;
  /** Per renumbered state: the original state, for its rule bits. */
  private readonly original: Int32Array;
  private readonly output: number;
  private readonly input: number;
  /** Longest keyword: a stream that starts this many bytes early has the true state where it begins to count. */
  private readonly overlap: number;
  /** Output entries per stream. */
  private readonly area: number;
  /** Row offset of the state after a "\n": a hit state of its own, numbered last. */
  private readonly newline: number;
  private hits: KeywordHits = { count: 0, ends: new Int32Array(1024), states: new Int32Array(1024), newlines: new Int32Array(1024), newlineCount: 0 };

  constructor(matcher: KeywordMatcher, longestKeyword: number) {
    this.matcher = matcher;
    this.overlap = Math.max(1, longestKeyword);
    if (matcher.classes[0] !== 0 || matcher.classes[NEWLINE] !== 0) throw new Error('a keyword holds a NUL or a newline');
    const states = matcher.states;
    // Two more columns than the matcher's: NUL, where every state stays put, and "\n", which leads to the newline state.
    const nul = matcher.width;
    const lf = matcher.width + 1;
    const width = matcher.width + 2;
    this.rowBytes = width * 4;
    const order: number[] = [];
    for (let state = 0; state < states; state++) if (matcher.hit[state] !== 1) order.push(state);
    this.hitFrom = order.length * this.rowBytes;
    for (let state = 0; state < states; state++) if (matcher.hit[state] === 1) order.push(state);
    this.original = Int32Array.from(order);
    const renumbered = new Int32Array(states);
    order.forEach((state, index) => { renumbered[state] = index; });
    this.newline = states * this.rowBytes;

    const deltaBytes = (states + 1) * this.rowBytes;
    this.output = DELTA + deltaBytes;
    // Per stream, room for one hit per byte it walks; together, room for a whole window walked by one stream.
    this.area = Math.ceil(WINDOW / STREAMS) + this.overlap + 8;
    this.input = this.output + STREAMS * this.area * 8;
    const memory = new wasm.Memory({ initial: Math.ceil((this.input + PIECE) / PAGE) });
    this.words = new Int32Array(memory.buffer);
    this.bytes = new Uint8Array(memory.buffer);
    for (let byte = 0; byte < 256; byte++) this.words[(CLASSES >> 2) + byte] = (byte === 0 ? nul : byte === NEWLINE ? lf : (matcher.classes[byte] as number)) * 4;
    for (let index = 0; index < states; index++) {
      const from = order[index] as number;
      const row = (DELTA >> 2) + index * width;
      for (let k = 0; k < matcher.width; k++) this.words[row + k] = (renumbered[matcher.delta[from * matcher.width + k] as number] as number) * this.rowBytes;
      this.words[row + nul] = index * this.rowBytes;
      this.words[row + lf] = this.newline;
    }
    // After a newline the automaton is at its root again; a NUL there goes to the root itself, so that it is not a second newline.
    const newlineRow = (DELTA + this.newline) >> 2;
    this.words.copyWithin(newlineRow, DELTA >> 2, (DELTA >> 2) + width);
    this.words[newlineRow + nul] = 0;
    compiled ??= new wasm.Module(assemble());
    const exports = new wasm.Instance(compiled, { env: { memory } }).exports;
    this.scan1 = exports.scan1 as (steps: number, hitFrom: number) => void;
    this.scanN = exports[`scan${STREAMS}`] as (steps: number, hitFrom: number) => void;
  }

  /** Every keyword end and newline in `bytes`, which starts at the automaton's root; valid until the next call. */
  scan(bytes: Uint8Array): KeywordHits {
    this.hits.count = 0;
    this.hits.newlineCount = 0;
    let state = 0;
    for (let from = 0; from < bytes.length; from += PIECE) {
      const size = Math.min(PIECE, bytes.length - from);
      this.bytes.set(bytes.subarray(from, from + size), this.input);
      for (let window = 0; window < size; window += WINDOW) {
        state = this.window(this.input + window, this.input + Math.min(size, window + WINDOW), state, from - this.input);
      }
    }
    return this.hits;
  }

  /** ORs the rule bits of a hit's state into `found` (a KeywordMatcher's `found` layout). */
  collect(state: number, found: Int32Array): void {
    const { bits, words } = this.matcher;
    const base = (this.original[state / this.rowBytes] as number) * words;
    for (let w = 0; w < words; w++) found[w] = (found[w] as number) | (bits[base + w] as number);
  }

  /** Walks memory [start, end) from `state`; hit offsets are shifted by `shift` into the caller's buffer. Returns the state at `end`. */
  private window(start: number, end: number, state: number, shift: number): number {
    const size = end - start;
    const words = this.words;
    const control = CONTROL >> 2;
    const areas = this.area;
    if (size < 2 * STREAMS * this.overlap) {
      words[control] = start;
      words[control + 1] = state;
      words[control + 2] = this.output;
      this.scan1(size, this.hitFrom);
      this.take(this.output, words[control + 2] as number, 0, shift);
      return words[control + 1] as number;
    }
    // Stream j walks `steps` bytes from starts[j]; each starts `overlap` bytes before the previous one ends, at the root,
    // so it has the true state by the time it takes over. The last ends exactly at `end`.
    const steps = Math.ceil((size + (STREAMS - 1) * this.overlap) / STREAMS);
    for (let j = 0; j < STREAMS; j++) {
      const begin = j === STREAMS - 1 ? end - steps : start + j * (steps - this.overlap);
      words[control + 4 * j] = begin;
      words[control + 4 * j + 1] = j === 0 ? state : 0;
      words[control + 4 * j + 2] = this.output + j * areas * 8;
    }
    const begins = Array.from({ length: STREAMS }, (_, j) => words[control + 4 * j] as number);
    this.scanN(steps, this.hitFrom);
    for (let j = 0; j < STREAMS; j++) {
      // Stream j owns the offsets from where stream j-1 stopped.
      const owned = j === 0 ? start : (begins[j - 1] as number) + steps;
      this.take(this.output + j * areas * 8, words[control + 4 * j + 2] as number, owned, shift);
    }
    return words[control + 4 * (STREAMS - 1) + 1] as number;
  }

  private take(from: number, to: number, owned: number, shift: number): void {
    const words = this.words;
    const room = (to - from) / 8;
    let hits = this.hits;
    if (hits.count + room > hits.ends.length || hits.newlineCount + room > hits.newlines.length) hits = this.hits = grown(hits, room);
    const { ends, states, newlines } = hits;
    const newline = this.newline;
    for (let at = from >> 2; at < to >> 2; at += 2) {
      const end = words[at] as number;
      if (end < owned) continue;
      const state = words[at + 1] as number;
      if (state === newline) {
        newlines[hits.newlineCount++] = end + shift;
      } else {
        ends[hits.count] = end + shift;
        states[hits.count++] = state;
      }
    }
  }
}

/** Hits with room for `more` entries of each kind. */
function grown(hits: KeywordHits, more: number): KeywordHits {
  const size = (used: number, length: number): number => (used + more > length ? Math.max(used + more, length * 2) : length);
  const copy = (array: Int32Array, used: number, length: number): Int32Array => {
    if (length === array.length) return array;
    const next = new Int32Array(length);
    next.set(array.subarray(0, used));
    return next;
  };
  const keywords = size(hits.count, hits.ends.length);
  const lines = size(hits.newlineCount, hits.newlines.length);
  return {
    count: hits.count,
    ends: copy(hits.ends, hits.count, keywords),
    states: copy(hits.states, hits.count, keywords),
    newlines: copy(hits.newlines, hits.newlineCount, lines),
    newlineCount: hits.newlineCount,
  };
}
