// Builds dist/ from scratch: the action bundle, the CLI bundle, and the licences of what they ship.
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

// @actions/core imports its OIDC client, and with it @actions/http-client and a second copy of undici
// (about 560 KB), for core.getIDToken(), which vendor-gate never calls: the bundle gets a stub that says so.
const withoutOidc = {
  name: 'without-oidc',
  setup(b) {
    b.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, (args) => (/[\\/]@actions[\\/]core[\\/]/.test(args.importer) ? { path: 'oidc-utils', namespace: 'vendor-gate-stub' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'vendor-gate-stub' }, () => ({
      contents: "export class OidcClient { static async getIDToken() { throw new Error('vendor-gate is built without @actions/core OIDC support (core.getIDToken)'); } }",
      loader: 'js',
    }));
  },
};

// The HTML scorecard inlines Chart.js's UMD build: embedded as text into the CLI at build time (the
// action bundle never imports it), so `vendor-gate audit --format html` needs no node_modules at run time.
const chartJsDir = join(root, 'node_modules/chart.js');
const chartLibrary = {
  name: 'chart-library',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]audit[\\/]chart-library\.ts$/ }, () => ({
      contents: `export function chartLibrary() { return ${JSON.stringify(readFileSync(join(chartJsDir, 'dist/chart.umd.min.js'), 'utf8'))}; }`,
      loader: 'js',
    }));
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Bundled CommonJS dependencies call require(); ESM has none unless we define it.
  banner: { js: "import { createRequire as __vgCreateRequire } from 'node:module'; const require = __vgCreateRequire(import.meta.url);" },
  legalComments: 'none',
  // Smaller and faster to load; identifiers are kept so that stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
  plugins: [withoutOidc, chartLibrary],
  logLevel: 'warning',
});
chmodSync(join(dist, 'cli.js'), 0o755);

function packageRoot(file) {
  const parts = file.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return undefined;
  const scoped = parts[at + 1]?.startsWith('@');
  return parts.slice(0, at + (scoped ? 3 : 2)).join('/');
}

const packages = [...new Set([...Object.keys(result.metafile.inputs).map(packageRoot).filter(Boolean), 'node_modules/chart.js'])].sort();
const sections = packages.map((dir) => {
  const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  const licenseFile = readdirSync(join(root, dir)).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  const text = licenseFile ? readFileSync(join(root, dir, licenseFile), 'utf8').trim() : `(no licence file; package.json says ${manifest.license})`;
  return `${manifest.name}@${manifest.version}\n${manifest.license}\n${text}`;
});
writeFileSync(join(dist, 'licenses.txt'), `${sections.join('\n\n-----\n\n')}\n`);
if (!existsSync(join(dist, 'index.js'))) throw new Error('dist/index.js was not built');
