// The dashboard's page: a fixed skeleton with a strict Content-Security-Policy. Nothing from a
// session file is ever put into this HTML: data arrives later through postMessage and is rendered
// as text by the bundled script.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export function dashboardHtml(webview: vscode.Webview, bundle: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'dashboard.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(bundle, 'dashboard.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  const t = (s: string): string => escapeHtml(vscode.l10n.t(s));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${t('Pulse Dashboard')}</title>
</head>
<body>
${skeleton(t)}
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

/** The page's fixed structure: headings, filters, and the empty places the script fills in. */
function skeleton(t: (s: string) => string): string {
  return `<main id="app" aria-busy="true">
  <header class="top">
    <h1>${t('Pulse')}</h1>
    <form id="filters" class="filters">
      <label>${t('Scope')} <select id="scope">
        <option value="window">${t('This window')}</option>
        <option value="allProjects">${t('All projects')}</option>
      </select></label>
      <label id="folderLabel">${t('Folder')} <select id="folder"></select></label>
      <label>${t('Person')} <select id="person"></select></label>
      <label>${t('Group by')} <select id="by">
        <option value="user">${t('Person')}</option>
        <option value="host">${t('Machine')}</option>
        <option value="project">${t('Project')}</option>
        <option value="label">${t('Label')}</option>
        <option value="branch">${t('Branch')}</option>
      </select></label>
      <label>${t('Range')} <select id="range">
        <option value="last7">${t('Last 7 days')}</option>
        <option value="last30">${t('Last 30 days')}</option>
        <option value="thisWeek">${t('This week')}</option>
        <option value="thisMonth">${t('This month')}</option>
        <option value="all">${t('All time')}</option>
        <option value="custom">${t('Custom…')}</option>
      </select></label>
      <span id="custom" hidden>
        <label>${t('From')} <input type="date" id="from" required></label>
        <label>${t('To')} <input type="date" id="to" required></label>
        <button type="submit">${t('Apply')}</button>
      </span>
    </form>
  </header>
  <section class="cards" aria-label="${t('Summary')}">
    <div class="card"><h2>${t('Today')}</h2><p class="big" id="today">…</p><p class="sub" id="todayNote"></p></div>
    <div class="card"><h2>${t('This week')}</h2><p class="big" id="week">…</p><p class="sub" id="weekNote"></p></div>
    <div class="card"><h2>${t('Last week')}</h2><p class="big" id="lastWeek">…</p><p class="sub" id="lastWeekNote"></p></div>
    <div class="card"><h2>${t('Daily average')}</h2><p class="big" id="average">…</p><p class="sub" id="averageNote"></p></div>
    <div class="card"><h2 id="totalTitle">${t('Range')}</h2><p class="big" id="total">…</p><p class="sub" id="totalNote"></p></div>
  </section>
  <section aria-labelledby="daysTitle">
    <h2 id="daysTitle">${t('Active time per day')}</h2>
    <div class="chart days"><canvas id="daysChart" role="img"></canvas></div>
    <details><summary>${t('Table: active time per day')}</summary><table id="daysTable"></table></details>
  </section>
  <section aria-labelledby="groupsTitle">
    <h2 id="groupsTitle">${t('Time by group')}</h2>
    <table id="groupTable"></table>
  </section>
  <section aria-labelledby="timelineTitle">
    <h2 id="timelineTitle">${t('Today')}</h2>
    <div class="chart timeline" id="timelineBox"><canvas id="timelineChart" role="img"></canvas></div>
    <details><summary>${t('Table: today by session')}</summary><table id="timelineTable"></table></details>
  </section>
  <section class="tops" aria-label="${t('Top languages, files and branches')}">
    <div><h2>${t('Languages')}</h2><div class="chart langs"><canvas id="langChart" role="img"></canvas></div><table id="langTable"></table></div>
    <div><h2>${t('Files')}</h2><table id="fileTable"></table></div>
    <div><h2>${t('Branches')}</h2><table id="branchTable"></table></div>
    <div><h2>${t('Issues')}</h2><table id="issueTable"></table></div>
  </section>
  <p id="status" class="sub" role="status" aria-live="polite"></p>
</main>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
