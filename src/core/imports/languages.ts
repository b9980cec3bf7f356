// WakaTime and ActivityWatch name languages for people ("TypeScript", "C++"); Pulse records VS Code's
// language ids ("typescript", "cpp"), so the same work reports under one key whichever tool saw it.
const IDS: Record<string, string> = {
  'c#': 'csharp',
  'c++': 'cpp',
  'objective-c': 'objective-c',
  'objective-c++': 'objective-cpp',
  'shell script': 'shellscript',
  bash: 'shellscript',
  sh: 'shellscript',
  zsh: 'shellscript',
  tsx: 'typescriptreact',
  jsx: 'javascriptreact',
  'f#': 'fsharp',
  'vim script': 'vim',
  'jupyter notebook': 'jupyter',
  text: 'plaintext',
  'plain text': 'plaintext',
  'docker': 'dockerfile',
};

export function languageId(name: string | null): string | null {
  if (name === null) return null;
  const t = name.trim().toLowerCase();
  if (t === '' || t === 'unknown' || t === 'other') return null;
  return IDS[t] ?? t.replace(/\s+/g, '-');
}
