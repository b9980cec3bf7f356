// The Sessions view and its actions change the files on disk: label, end, delete, merge. A delete
// in the middle of another process's heartbeat takes the lock and loses nothing.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { EditResult } from '../../../../src/core/store/history';
import type { Session } from '../../../../src/core/session/schema';
import type { SessionsNode } from '../../../../src/extension/sessionsView/sessionNodes';
import { archivedSessions, extensionPath, folderUri, liveSessions, pulse, sleep } from '../../pulseHost';
import { finishedSession, writeArchived } from '../../sampleHistory';
import { holdMidHeartbeat } from '../../../helpers/holder';

const run = promisify(execFile);
const MIN = 60_000;

async function cli<T>(store: string, ...args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, [path.join(extensionPath(), 'dist', 'cli.js'), '--dir', store, ...args]);
  return JSON.parse(stdout) as T;
}

const ref = (id: string): { folderKey: string; id: string } => ({ folderKey: folderUri().toString(), id });
const archivedFile = (store: string, s: Session): string => path.join(store, 'archive', s.startedAt.slice(0, 7), `${s.id}.json`);
const read = (file: string): Session => JSON.parse(fs.readFileSync(file, 'utf8')) as Session;

async function labels(nodes: SessionsNode[]): Promise<string[]> {
  const api = await pulse();
  return nodes.map((n) => {
    const label = api.sessionsTree().getTreeItem(n).label;
    return typeof label === 'string' ? label : (label?.label ?? '');
  });
}

describe('sessions view', () => {
  it('shows Live, Today, This Week and the archive by month, each session with its duration', async () => {
    const api = await pulse();
    const store = api.storeDirs()[0]!;
    const now = Date.now();
    const done = finishedSession([[now - 50 * MIN, now - 20 * MIN]], { label: 'finished today' });
    const old = finishedSession([[Date.parse('2025-01-15T10:00:00.000Z'), Date.parse('2025-01-15T11:00:00.000Z')]], { label: 'long ago' });
    writeArchived(store, [done, old]);
    const live = await cli<Session>(store, 'start', '--label', 'another window');
    const tree = api.sessionsTree();
    tree.refresh();
    const root = await tree.getChildren();
    const rootLabels = await labels(root);
    assert.deepEqual(rootLabels.slice(0, 3), ['Live', 'Today', 'This Week']);
    assert.ok(rootLabels.includes('January 2025'), rootLabels.join(', '));
    const liveItems = await tree.getChildren(root[0]);
    const item = liveItems.map((n) => tree.getTreeItem(n)).find((i) => i.label === 'another window');
    assert.ok(item, 'the CLI session is listed as live');
    assert.match(String(item.description), /^0s/);
    assert.equal(item.contextValue, 'pulseSession;live;active');
    assert.match(item.tooltip as string, new RegExp(live.id), 'the tooltip is plain text with the details');
    const today = (await tree.getChildren(root[1])).map((n) => tree.getTreeItem(n));
    assert.ok(today.some((i) => i.label === 'finished today' && String(i.description).startsWith('30m')));
    // A session finished today is listed under Today and under its month: the view needs distinct ids.
    const current = root.find((n) => n.kind === 'month' && n.month === done.startedAt.slice(0, 7))!;
    const ids = [...today, ...(await tree.getChildren(current)).map((n) => tree.getTreeItem(n))].map((i) => i.id);
    assert.equal(new Set(ids).size, ids.length, ids.join(', '));
    const month = root.find((n) => n.kind === 'month' && n.month === '2025-01')!;
    assert.deepEqual(await labels(await tree.getChildren(month)), ['long ago']);
  });

  it('Label… and End change the files on disk, live or archived', async () => {
    const api = await pulse();
    const store = api.storeDirs()[0]!;
    const [live] = (await liveSessions(store)).filter((s) => s.label === 'another window');
    const old = (await archivedSessions(store)).find((s) => s.label === 'long ago')!;
    await vscode.commands.executeCommand('pulse.labelSessionItem', ref(old.id), 'relabelled <b>archive</b>');
    const relabelled = read(archivedFile(store, old));
    assert.equal(relabelled.label, 'relabelled <b>archive</b>');
    assert.equal(relabelled.revision, old.revision + 1);
    await vscode.commands.executeCommand('pulse.labelSessionItem', ref(live!.id), 'still another window');
    assert.equal((await liveSessions(store)).find((s) => s.id === live!.id)?.label, 'still another window');
    await vscode.commands.executeCommand('pulse.endSessionItem', ref(live!.id));
    const ended = (await archivedSessions(store)).find((s) => s.id === live!.id);
    assert.equal(ended?.status, 'completed');
    assert.equal(ended?.endReason, 'user');
  });

  it("Delete… removes a file; this window's live session is refused and kept", async () => {
    const api = await pulse();
    const store = api.storeDirs()[0]!;
    const old = (await archivedSessions(store)).find((s) => s.label === 'relabelled <b>archive</b>')!;
    const r = await vscode.commands.executeCommand<EditResult>('pulse.deleteSession', ref(old.id), true);
    assert.equal(r.kind, 'done');
    assert.ok(!fs.existsSync(archivedFile(store, old)));
    await vscode.commands.executeCommand('pulse.startSession', 'mine');
    const mine = api.status().sessionId!;
    const refused = await vscode.commands.executeCommand<EditResult>('pulse.deleteSession', ref(mine), true);
    assert.equal(refused.kind, 'refused');
    assert.ok(fs.existsSync(path.join(store, `${mine}.json`)));
    await vscode.commands.executeCommand('pulse.endSession');
  });

  it('Merge With Previous makes one session of two and removes the later file', async () => {
    const api = await pulse();
    const store = api.storeDirs()[0]!;
    const t = Date.parse('2025-02-10T09:00:00.000Z');
    const first = finishedSession([[t, t + 40 * MIN]], { label: 'part one', languages: { typescript: 2400 } });
    const second = { ...finishedSession([[t + 60 * MIN, t + 90 * MIN]], { languages: { typescript: 1800 } }), previousSessionId: first.id };
    writeArchived(store, [first, second]);
    const r = await vscode.commands.executeCommand<EditResult>('pulse.mergeWithPrevious', ref(second.id), true);
    assert.equal(r.kind, 'done');
    assert.ok(!fs.existsSync(archivedFile(store, second)));
    const merged = read(archivedFile(store, first));
    assert.equal(merged.activeSeconds, 70 * 60);
    assert.deepEqual(merged.languages, { typescript: 4200 });
    assert.equal(merged.label, 'part one');
    assert.equal(merged.endedAt, second.endedAt);
    assert.equal(merged.segments.length, 2, 'the idle gap between them stays a gap');
  });

  it("a delete in the middle of another process's heartbeat loses nothing: it takes the lock", async function () {
    this.timeout(60_000);
    const api = await pulse();
    const store = api.storeDirs()[0]!;
    const other = await cli<Session>(store, 'start', '--label', 'busy window');
    const holder = await holdMidHeartbeat(store, other.id, 1500);
    const r = await vscode.commands.executeCommand<EditResult>('pulse.deleteSession', ref(other.id), true);
    const outcome = await holder.outcome;
    assert.equal(outcome.t, 'ack', `the heartbeat in flight was written: ${JSON.stringify(outcome)}`);
    assert.equal(r.kind, 'done');
    assert.equal((r as { session: Session }).session.revision, outcome.revision, 'the delete read the file after the heartbeat, inside the lock');
    await sleep(300);
    assert.ok(!fs.existsSync(path.join(store, `${other.id}.json`)), 'deleted, and not brought back by the write');
  });
});
