// Secrets stored encoded: a Kubernetes Secret's `data:` values and many .env files hold base64, and
// connection strings are often URL-encoded. A line is decoded only when it holds one of these markers.

/** Base64 of the start of a secret: a JWT (eyJ), a PEM block (-----BEGIN) and the common fixed token prefixes. */
const BASE64_MARKERS = [
  'ZXlK', // eyJ
  'LS0tLS1CRUdJT', // -----BEGIN
  'Z2hwX', 'Z2hvX', 'Z2h1X', 'Z2hzX', 'Z2hyX', 'Z2l0aHViX3BhdF', // ghp_ gho_ ghu_ ghs_ ghr_ github_pat_
  'Z2xwYXQt', 'bnBtX', 'c2tfbGl2ZV', 'cmtfbGl2ZV', 'eG94Yi', 'eG94cC', 'QUtJQ', 'c2stYW50L', 'c2stcHJvai', 'QUl6Y', // glpat- npm_ sk_live_ rk_live_ xoxb- xoxp- AKIA sk-ant- sk-proj- AIza
];
/** `://` URL-encoded, in both cases of hex digits. */
const URL_MARKERS = ['%3A%2F%2F', '%3a%2f%2f'];

/** Keywords for the scanner's prefilter: a line without one is never decoded. */
export const ENCODED_KEYWORDS: readonly string[] = [...BASE64_MARKERS, ...URL_MARKERS];

/** Longest encoded run that is decoded (12 KB of text: a 4096-bit PEM key is about 3.3 KB); longer runs are data, not a secret. */
export const MAX_ENCODED = 16_384;

export type Encoding = 'base64' | 'url';

export interface EncodedRun {
  /** 0-based start of the encoded text in the line. */
  start: number;
  encoded: string;
  decoded: string;
  encoding: Encoding;
}

const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const URL_RUN = /[^\s'"`<>]*%3[Aa]%2[Ff]%2[Ff][^\s'"`<>]*/g;

/** Decoded text that is not mostly printable is binary data, not a wrapped secret. */
function printable(text: string): boolean {
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) bad++;
  }
  return bad <= text.length / 50;
}

/** The encoded runs of one line that hold a marker, each decoded once (never recursively). */
export function encodedRuns(line: string): EncodedRun[] {
  const runs: EncodedRun[] = [];
  if (BASE64_MARKERS.some((m) => line.includes(m))) {
    BASE64_RUN.lastIndex = 0;
    for (let m = BASE64_RUN.exec(line); m; m = BASE64_RUN.exec(line)) {
      const encoded = m[0];
      if (encoded.length > MAX_ENCODED || !BASE64_MARKERS.some((k) => encoded.includes(k))) continue;
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      if (printable(decoded)) runs.push({ start: m.index, encoded, decoded, encoding: 'base64' });
    }
  }
  if (URL_MARKERS.some((m) => line.includes(m))) {
    URL_RUN.lastIndex = 0;
    for (let m = URL_RUN.exec(line); m; m = URL_RUN.exec(line)) {
      if (m[0].length > MAX_ENCODED) continue;
      try {
        runs.push({ start: m.index, encoded: m[0], decoded: decodeURIComponent(m[0]), encoding: 'url' });
      } catch {
        // Not valid percent-encoding: nothing to rescan.
      }
    }
  }
  return runs;
}

/** A rule's title, saying how the secret was wrapped when it was found by decoding. */
export function titleWithEncoding(title: string, encoding: Encoding | undefined): string {
  return encoding === undefined ? title : `${title}, ${encoding === 'base64' ? 'base64' : 'URL'}-encoded`;
}
