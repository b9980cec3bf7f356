// 10,000 archived sessions: the view's root and the dashboard stay quick. The figures are printed,
// never asserted on (wall-clock time depends on the machine); what is asserted is what they show.
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { finishedSession, HOST_DONE_FILE, writeArchived } from '../../sampleHistory';
import { folderUri, pulse } from '../../pulseHost';
import type { Session } from '../../../../src/core/session/schema';

const N = 10_000;
const MIN = 60_000;

/** N finished sessions spread over the last two years, a little over 400 a month. */
function history(now: number): Session[] {
  const out: Session[] = [];
  const span = 730 * 24 * 60 * MIN;
  for (let i = 0; i < N; i++) {
    const start = now - span + Math.floor((i / N) * span) - 3 * 24 * 60 * MIN;
    out.push(finishedSession([[start, start + 25 * MIN]], { label: i % 3 === 0 ? `Session ${i}` : null, branch: 'main', languages: { typescript: 1500 }, files: { [`src/m${i % 50}.ts`]: 1500 } }));
  }
  return out;
}

const ms = (from: number): string => `${(performance.now() - from).toFixed(0)} ms`;

describe('10,000 archived sessions', () => {
  // The workbench script measures the real Explorer once the store holds them all.
  after(() => fs.writeFileSync(path.join(folderUri().fsPath, HOST_DONE_FILE), 'done\n'));
  it('the view opens at once and the dashboard renders; figures printed', async function () {
    this.timeout(180_000);
    const api = await pulse();
    const store = api.storeDirs()[0]!;
    let t = performance.now();
    writeArchived(store, history(Date.now()));
    const figures: string[] = [`wrote ${N} session files: ${ms(t)}`];
    const tree = api.sessionsTree();
    tree.refresh();
    t = performance.now();
    const root = await tree.getChildren();
    figures.push(`tree root (groups + ${root.length - 3} month folders): ${ms(t)}`);
    const months = root.filter((n) => n.kind === 'month');
    assert.ok(months.length >= 24, `${months.length} months`);
    const total = months.reduce((a, n) => a + (n.kind === 'month' ? n.count : 0), 0);
    assert.ok(total >= N, `${total} sessions counted from file names`);
    t = performance.now();
    await Promise.all(root.slice(0, 3).map((g) => tree.getChildren(g)));
    figures.push(`Live, Today and This Week expanded: ${ms(t)}`);
    t = performance.now();
    const inMonth = await tree.getChildren(months[3]);
    figures.push(`one month expanded (${inMonth.length} sessions read): ${ms(t)}`);
    assert.equal(inMonth.length, months[3]!.kind === 'month' ? months[3]!.count : -1);
    t = performance.now();
    const posted = api.dashboard().nextPost();
    await vscode.commands.executeCommand('pulse.showDashboard');
    const d = await posted;
    figures.push(`dashboard data, last 30 days (${d.sessionCount} sessions in range): ${ms(t)}`);
    assert.ok(d.sessionCount > 300, `${d.sessionCount}`);
    const rendered = await new Promise<void>((resolve) => {
      const until = Date.now() + 60_000;
      const poll = (): void => {
        if (api.dashboard().lastRendered()?.dayRows === 30 || Date.now() > until) resolve();
        else setTimeout(poll, 100);
      };
      poll();
    }).then(() => api.dashboard().lastRendered());
    figures.push(`dashboard rendered in the webview: ${ms(t)}`);
    assert.equal(rendered?.dayRows, 30);
    for (const f of figures) console.log(`[10k] ${f}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
