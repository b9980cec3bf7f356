// The dashboard webview's script. Data comes in through postMessage only; filters are kept with
// getState/setState so a panel that was hidden (and so reloaded) comes back as the user left it.
import type { DashboardData, DashboardFilters, FromWebview, ToWebview } from '../../core/reports/dashboardProtocol';
import { byId, setText } from './dom';
import { render } from './render';
import { s, setStrings } from './strings';
import './dashboard.css';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let last: DashboardData | undefined;

function savedFilters(): Partial<DashboardFilters> | undefined {
  const s = vscode.getState() as { filters?: Partial<DashboardFilters> } | undefined;
  return s?.filters;
}

function readFilters(): DashboardFilters {
  const range = byId<HTMLSelectElement>('range').value as DashboardFilters['range'];
  const f: DashboardFilters = {
    folder: byId<HTMLSelectElement>('folder').value || '*',
    range,
    scope: byId<HTMLSelectElement>('scope').value === 'allProjects' ? 'allProjects' : 'window',
    by: byId<HTMLSelectElement>('by').value as DashboardFilters['by'],
    person: byId<HTMLSelectElement>('person').value,
  };
  if (range === 'custom') {
    f.from = byId<HTMLInputElement>('from').value;
    f.to = byId<HTMLInputElement>('to').value;
  }
  return f;
}

function fillSelect(id: string, items: { key: string; name: string }[], value: string): void {
  const select = byId<HTMLSelectElement>(id);
  select.replaceChildren(
    ...items.map((x) => {
      const o = document.createElement('option');
      o.value = x.key;
      o.textContent = x.name;
      return o;
    }),
  );
  select.value = value;
}

function showFilters(f: DashboardFilters, folders: { key: string; name: string }[], people: string[]): void {
  fillSelect('folder', [{ key: '*', name: s('All folders') }, ...folders], f.folder);
  // The folder filter is this window's; across all projects the grouping shows each project.
  byId('folderLabel').hidden = f.scope === 'allProjects';
  const everyone = people.includes(f.person) || f.person === '' ? people : [...people, f.person];
  fillSelect('person', [{ key: '', name: s('Everyone') }, ...everyone.map((p) => ({ key: p, name: p }))], f.person);
  byId<HTMLSelectElement>('scope').value = f.scope;
  byId<HTMLSelectElement>('by').value = f.by;
  byId<HTMLSelectElement>('range').value = f.range;
  byId('custom').hidden = f.range !== 'custom';
  if (f.from) byId<HTMLInputElement>('from').value = f.from;
  if (f.to) byId<HTMLInputElement>('to').value = f.to;
}

function send(): void {
  const filters = readFilters();
  byId('custom').hidden = filters.range !== 'custom';
  if (filters.range === 'custom' && (!filters.from || !filters.to || filters.from > filters.to)) {
    setText('status', s('Pick a start date on or before the end date, then Apply.'));
    return;
  }
  vscode.setState({ filters });
  byId('app').setAttribute('aria-busy', 'true');
  vscode.postMessage({ type: 'filters', filters });
}

function onData(d: DashboardData): void {
  last = d;
  showFilters(d.filters, d.folders, d.people);
  vscode.setState({ filters: d.filters });
  const summary = render(d);
  byId('app').setAttribute('aria-busy', 'false');
  vscode.postMessage({ type: 'rendered', summary });
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const m = e.data as Partial<ToWebview> | null;
  if (m?.type === 'data' && typeof m.data === 'object') {
    setStrings(m.strings);
    onData(m.data);
  } else if (m?.type === 'error') setText('status', s('Could not load sessions: {0}', String(m.message)));
});

byId('range').addEventListener('change', () => {
  if (readFilters().range !== 'custom') send();
  else byId('custom').hidden = false;
});
for (const id of ['folder', 'scope', 'by', 'person']) byId(id).addEventListener('change', send);
byId('filters').addEventListener('submit', (e) => {
  e.preventDefault();
  send();
});

// A theme change swaps the body's class (vscode-light, vscode-dark, vscode-high-contrast…): redraw.
new MutationObserver(() => {
  if (last) render(last);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

vscode.postMessage({ type: 'ready', filters: savedFilters() });
