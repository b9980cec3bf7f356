// The page's words. The extension translates every string of WEBVIEW_STRINGS with vscode.l10n.t and
// sends them with the data; the page formats them here. A string missing from the table (an older
// extension) shows in English rather than as a key.
import type { WebviewString } from '../../core/reports/dashboardProtocol';

let table: Partial<Record<WebviewString, string>> = {};

export function setStrings(next: Partial<Record<string, string>> | undefined): void {
  table = next ?? {};
}

/** The translated string, with {0}, {1}… replaced by `args`. */
export function s(key: WebviewString, ...args: (string | number)[]): string {
  const template = table[key] ?? key;
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

/** One of two forms by count: `one` when n is 1, else `other` (both get n as {0}). */
export function plural(n: number, one: WebviewString, other: WebviewString, ...rest: (string | number)[]): string {
  return n === 1 ? s(one, n, ...rest) : s(other, n, ...rest);
}
