// Prints the CHANGELOG.md section of a release tag, for the GitHub release the release workflow creates.
//
// Usage:   node scripts/release-notes.mjs TAG [DIR]
//          TAG is vMAJOR.MINOR.PATCH and must equal package.json's version; DIR holds CHANGELOG.md and
//          package.json (default: the repository). Exit 1, with the reason, when the section is missing or empty.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function fail(message) {
  console.error(`release-notes: ${message}`);
  process.exit(1);
}

const [tag, dir = join(dirname(fileURLToPath(import.meta.url)), '..')] = process.argv.slice(2);
const match = /^v(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(tag ?? '');
if (match === null) fail(`"${tag ?? ''}" is not a release tag such as v1.2.3`);
const version = match[1];

const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
if (manifest.version !== version) fail(`the tag ${tag} does not match package.json's version ${manifest.version}: bump package.json, or tag v${manifest.version}`);

const lines = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8').split(/\r?\n/);
// Keep a Changelog: "## [1.2.3] - 2026-01-31"; the section ends at the next "## " heading.
const escaped = version.replace(/[.+-]/g, '\\$&');
const start = lines.findIndex((line) => new RegExp(`^## \\[${escaped}\\](\\s|$)`).test(line));
if (start < 0) fail(`CHANGELOG.md has no "## [${version}]" section: add one, moving the notes from [Unreleased]`);
const after = lines.slice(start + 1);
const end = after.findIndex((line) => line.startsWith('## '));
const section = end < 0 ? after : after.slice(0, end);
// The link definitions at the end of the file ("[1.2.3]: https://...") belong to the file, not to the section.
const body = section.filter((line) => !/^\[[^\]]+\]:\s+\S+$/.test(line)).join('\n').trim();
if (body === '') fail(`the "## [${version}]" section of CHANGELOG.md is empty`);
console.log(body);
