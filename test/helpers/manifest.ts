// package.json with its %key% strings resolved from package.nls.json, as VS Code shows them.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.join(__dirname, '..', '..', '..');

export function localizedManifest<T>(): T {
  const nls = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const text = fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
  const missing: string[] = [];
  const resolved = JSON.parse(text, (_k, v: unknown) => {
    if (typeof v !== 'string') return v;
    const m = /^%(.+)%$/.exec(v);
    if (!m) return v;
    if (!(m[1]! in nls)) missing.push(m[1]!);
    return nls[m[1]!] ?? v;
  }) as T;
  if (missing.length > 0) throw new Error(`package.nls.json lacks: ${missing.join(', ')}`);
  return resolved;
}
