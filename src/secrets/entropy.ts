const counts = new Uint32Array(65536);

/** Shannon entropy in bits per character. */
export function entropy(text: string): number {
  if (text.length === 0) return 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    counts[c] = (counts[c] ?? 0) + 1;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const n = counts[c] ?? 0;
    if (n === 0) continue;
    const p = n / text.length;
    bits -= p * Math.log2(p);
    counts[c] = 0;
  }
  return bits;
}

// Words that mark a value as an example, a reference or a placeholder rather than a credential.
const STOP_WORDS = [
  'example', 'sample', 'dummy', 'placeholder', 'changeme', 'change_me', 'change-me', 'your', 'redacted', 'xxxx', 'todo',
  'fixme', 'insert', 'replace', 'secret_here', 'token_here', 'password', 'passw0rd', 'test', 'fake', 'mock', 'null',
  'undefined', 'none', 'empty', 'default', 'localhost', 'foobar', 'lorem', 'hunter2', 'notasecret', 'not_a_secret', 'abc123', '123456', 'qwerty',
];

const PLACEHOLDER_SHAPES = [
  /^\$\{\{.*\}\}$/, // ${{ secrets.X }} in workflows
  /^\$\{[^}]*\}$/, // ${VAR}
  /^\$\(.*\)$/, // $(command)
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $VAR
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %VAR%
  /^\{\{.*\}\}$/, // {{ template }}
  /^<[^>]*>$/, // <your-token>
  /^\[[^\]]*\]$/, // [token]
  /^(.)\1+$/, // xxxxxx, ******, 000000
  /\$\{|\{\{|#\{|%\(|%[sd]\b/, // interpolation in a template string: the value is built at run time
  /^(?:process\.env|os\.environ|env|ENV|System\.getenv|getenv|config|settings|vars|secrets)\b/,
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/, // an environment variable's name, not its value
  /^[a-z]{2,}(?:[A-Z][a-z]{2,})+\d{0,2}$/, // a camelCase identifier (random text has short humps)
  /^[a-z]+(?:_[a-z0-9]+)+$/, // a snake_case identifier
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // UUIDs are ids, not secrets
  /^[0-9a-f]{40}$|^[0-9a-f]{64}$/, // commit SHAs and content digests
  /^(?:sha(?:1|256|384|512))-[A-Za-z0-9+/=]+$/, // subresource integrity
  /^https?:\/\//, // a URL
];

const PATH_SHAPE = /^[./~]*\/[\w./-]+$/;
/** A stretch of a path between separators: names are short, and base64 ("/" is one of its letters) runs on. */
const LONG_RUN = /[^/.\-_]{20,}/;

/** A file path, such as /etc/app/token.txt, and not a base64 key that starts with "/" (one key in 64 does). */
function isPath(value: string): boolean {
  return PATH_SHAPE.test(value) && !LONG_RUN.test(value);
}

/** True when a candidate value is a placeholder, a variable reference or an example, not a credential. */
export function isPlaceholder(value: string): boolean {
  const lower = value.toLowerCase();
  if (STOP_WORDS.some((w) => lower.includes(w))) return true;
  return isPath(value) || PLACEHOLDER_SHAPES.some((shape) => shape.test(value));
}
