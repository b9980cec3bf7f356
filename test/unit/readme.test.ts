// The README's command and setting tables are documentation users trust: they must match
// package.json exactly, so they cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { localizedManifest, repoRoot } from '../helpers/manifest';

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const contributing = fs.readFileSync(path.join(repoRoot, 'CONTRIBUTING.md'), 'utf8');
const scripts = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const pkg = localizedManifest<{
  contributes: {
    commands: { command: string; title: string }[];
    configuration: { properties: Record<string, { default: unknown }> };
    menus: { commandPalette: { command: string; when: string }[] };
  };
}>();

/** Rows of the Markdown table whose header row starts with `| first |`. */
function table(first: string, doc = readme): string[][] {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  assert.ok(start >= 0, `README has a table starting with "| ${first} |"`);
  const rows: string[][] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    rows.push(l.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

test('the README lists every palette command with its real title and id', () => {
  const hidden = new Set(pkg.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command));
  const expected = pkg.contributes.commands.filter((c) => !hidden.has(c.command)).map((c) => [`Pulse: ${c.title}`, `\`${c.command}\``]);
  assert.deepEqual(table('command').map(([title, id]) => [title, id]), expected);
});

test('the README lists every setting with its real default', () => {
  const expected = Object.entries(pkg.contributes.configuration.properties).map(([k, v]) => [`\`${k}\``, `\`${JSON.stringify(v.default)}\``]);
  assert.deepEqual(table('setting').map(([k, d]) => [k, d]), expected);
});

/** `npm test` and `npm start` are scripts too; everything else is `npm run <name>`. */
const scriptOf = (cmd: string): string | undefined => /^`npm (?:run (?<name>[\w:-]+)|(?<short>test|start))`$/.exec(cmd)?.groups?.name ?? /^`npm (?<short>test|start)`$/.exec(cmd)?.groups?.short;

test("CONTRIBUTING.md's command table lists every package.json script, and only those", () => {
  const listed = table('command', contributing).map(([cmd]) => scriptOf(cmd!) ?? `not a script: ${cmd}`);
  assert.deepEqual([...listed].sort(), Object.keys(scripts).sort());
});

test('every `npm run <name>` the README or CONTRIBUTING.md mentions exists', () => {
  for (const [doc, text] of [['README.md', readme], ['CONTRIBUTING.md', contributing]] as const) {
    for (const m of text.matchAll(/npm run ([\w:-]+)/g)) assert.ok(m[1]! in scripts, `${doc} mentions npm run ${m[1]}, which package.json does not have`);
  }
});

test('every image the README shows ships in the package, by a relative path', () => {
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
  assert.ok(images.length >= 4, 'the README has screenshots');
  const ignore = fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8');
  for (const img of images) {
    assert.doesNotMatch(img, /^[a-z]+:/, `${img} is relative`);
    assert.ok(fs.existsSync(path.join(repoRoot, img)), `${img} exists`);
    assert.ok(img.startsWith('media/') && ignore.includes('!media/**'), `${img} is inside media/, which the package keeps`);
  }
});
