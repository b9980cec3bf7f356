// package.json is the contract with VS Code: its commands and settings must match the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { localizedManifest, repoRoot } from '../helpers/manifest';
import { Commands } from '../../src/extension/commandIds';
import { SETTING_KEYS, normalizeSettings } from '../../src/core/settings';
import { silentLogger } from '../../src/core/ports';

interface Manifest {
  activationEvents: string[];
  extensionKind: string[];
  contributes: {
    commands: { command: string; title: string; category: string }[];
    configuration: { properties: Record<string, { scope?: string; markdownDescription?: string; default: unknown; minimum?: number; maximum?: number }> };
    menus: { commandPalette: { command: string; when: string }[] };
  };
  capabilities: Record<string, { description?: string }>;
}
const pkg = localizedManifest<Manifest>();

test('every command id in code is contributed, with category Pulse and an unprefixed title', () => {
  const contributed = pkg.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(contributed, Object.values(Commands).sort());
  for (const c of pkg.contributes.commands) {
    assert.equal(c.category, 'Pulse');
    assert.doesNotMatch(c.title, /^Pulse/);
  }
  const palette = new Map(pkg.contributes.menus.commandPalette.map((m) => [m.command, m.when]));
  assert.equal(palette.get(Commands.statusBarMenu), 'false', 'internal commands are hidden');
  assert.equal(palette.get(Commands.pauseSession), 'pulse.state == active');
});

test('every setting has scope, markdownDescription and a default that normalizes to itself', () => {
  const props = pkg.contributes.configuration.properties;
  assert.deepEqual(Object.keys(props).sort(), SETTING_KEYS.map((k) => `pulse.${k}`).sort());
  const raw: Record<string, unknown> = {};
  for (const [key, p] of Object.entries(props)) {
    assert.ok(p.scope, `${key} has a scope`);
    assert.ok(p.markdownDescription && p.markdownDescription.length > 20, `${key} has a markdownDescription`);
    if (typeof p.default === 'number') assert.ok(p.minimum !== undefined && p.maximum !== undefined, `${key} has bounds`);
    raw[key.slice('pulse.'.length)] = p.default;
  }
  const s = normalizeSettings(raw);
  assert.equal(s.heartbeatIntervalMs, 60_000);
  assert.equal(s.staleAfterMs, 15 * 60_000);
  assert.equal(s.directory, '.vscode/sessions');
});

test('manifest: lazy activation, workspace extension, capabilities described', () => {
  assert.deepEqual(pkg.activationEvents, ['onStartupFinished']);
  assert.deepEqual(pkg.extensionKind, ['workspace']);
  for (const k of ['untrustedWorkspaces', 'virtualWorkspaces']) assert.ok(pkg.capabilities[k]?.description, k);
});

test('settings: out-of-bounds values are clamped and a stale time under 3 heartbeats is raised, with a log line', () => {
  const warnings: string[] = [];
  const log = { ...silentLogger, warn: (m: string) => void warnings.push(m) };
  const s = normalizeSettings({ heartbeatIntervalSeconds: 300, staleAfterMinutes: 5, idleTimeoutMinutes: -3, enabled: 'yes' }, log);
  assert.equal(s.heartbeatIntervalMs, 300_000);
  assert.equal(s.staleAfterMs, 15 * 60_000);
  assert.equal(s.idleTimeoutMs, 60_000);
  assert.equal(s.enabled, true);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /staleAfterMinutes \(5\).*using 15 minutes/);
  assert.equal(normalizeSettings({ heartbeatIntervalSeconds: 1 }).heartbeatIntervalMs, 5000);
});

test('every walkthrough step has a workbench image that exists and completes on something the user does', () => {
  const raw = localizedManifest<{ contributes: { walkthroughs: { steps: { id: string; media: { image?: string; altText?: string }; completionEvents: string[] }[] }[] } }>();
  const steps = raw.contributes.walkthroughs[0]!.steps;
  assert.deepEqual(steps.map((s) => s.id), ['record', 'statusBar', 'dashboard', 'sessionsView', 'label', 'pause', 'export', 'privacy']);
  for (const s of steps) {
    assert.ok(s.media.image && fs.existsSync(path.join(repoRoot, s.media.image)), `${s.id}: image ${s.media.image}`);
    assert.ok(s.media.altText && !s.media.altText.startsWith('%'), `${s.id}: alt text`);
    assert.ok(s.completionEvents.length > 0 && s.completionEvents.every((e) => /^on(Command|Context|View|SettingChanged):/.test(e)), `${s.id}: ${s.completionEvents.join(', ')}`);
  }
  // The actions a user may take from the status-bar menu or a view item also tick through a context key.
  for (const id of ['label', 'pause', 'export', 'dashboard']) {
    assert.ok(steps.find((s) => s.id === id)!.completionEvents.some((e) => e.startsWith('onContext:pulse.walkthrough.')), id);
  }
});
