// DOM helpers for the dashboard. Every value from a session file goes in as textContent or an
// attribute value: never through innerHTML, so a hostile label stays text.

export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`dashboard: #${id} is missing`);
  return el as T;
}

export function setText(id: string, text: string): void {
  byId(id).textContent = text;
}

/** Replaces a table's content with a header row and body rows, all as text. */
export function fillTable(table: HTMLTableElement, caption: string, head: string[], rows: string[][]): void {
  table.replaceChildren();
  const cap = document.createElement('caption');
  cap.textContent = caption;
  const thead = document.createElement('thead');
  const hr = document.createElement('tr');
  for (const h of head) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    hr.append(th);
  }
  thead.append(hr);
  const tbody = document.createElement('tbody');
  for (const r of rows) {
    const tr = document.createElement('tr');
    r.forEach((cell, i) => {
      const td = document.createElement(i === 0 ? 'th' : 'td');
      if (td instanceof HTMLTableCellElement && i === 0) (td as HTMLTableCellElement & { scope: string }).scope = 'row';
      td.textContent = cell;
      tr.append(td);
    });
    tbody.append(tr);
  }
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = head.length;
    td.textContent = 'Nothing yet';
    tr.append(td);
    tbody.append(tr);
  }
  table.append(cap, thead, tbody);
}

/** A CSS custom property of the current theme, e.g. `--vscode-charts-blue`. */
export function themeVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}
