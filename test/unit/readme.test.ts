// The README's command and setting tables are documentation users trust: they must match
// package.json exactly, so they cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { localizedManifest, repoRoot } from '../helpers/manifest';

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const pkg = localizedManifest<{
  contributes: {
    commands: { command: string; title: string }[];
    configuration: { properties: Record<string, { default: unknown }> };
    menus: { commandPalette: { command: string; when: string }[] };
  };
}>();

/** Rows of the Markdown table whose header row starts with `| first |`. */
function table(first: string): string[][] {
  const lines = readme.split('\n');
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
