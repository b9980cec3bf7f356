// The issue a branch is about, from its name: `ABC-123` (Jira style), `#123` or `gh-123` (GitHub),
// or whatever one capture group of the user's `pulse.issuePattern` picks out.

// Jira keys are upper case by definition; requiring it keeps `utf-8` or `v2-3` from looking like one.
const JIRA = /(?:^|[^A-Za-z0-9])([A-Z][A-Z0-9]{1,9}-[1-9]\d*)(?![A-Za-z0-9])/;
const GITHUB = /(?:^|[^A-Za-z0-9])(?:#|gh-|GH-)([1-9]\d*)(?![0-9])/;

/** The issue key in a branch name, or undefined. GitHub forms come out as `#123`. */
export function issueFromBranch(branch: string, pattern?: RegExp): string | undefined {
  if (pattern) {
    const m = pattern.exec(branch);
    return m?.[1] ? m[1] : undefined;
  }
  const jira = JIRA.exec(branch);
  if (jira) return jira[1];
  const gh = GITHUB.exec(branch);
  return gh ? `#${gh[1]}` : undefined;
}

/**
 * The user's pattern as a RegExp, or a message saying why it cannot be one: it must compile and have
 * exactly one capture group (the key).
 */
export function compileIssuePattern(source: string): RegExp | string {
  let re: RegExp;
  try {
    re = new RegExp(source);
  } catch (err) {
    return `not a regular expression (${err instanceof Error ? err.message : String(err)})`;
  }
  // A match against the empty alternative counts the groups without running the pattern on real input.
  const groups = new RegExp(`${source}|`).exec('')!.length - 1;
  return groups === 1 ? re : `needs exactly one capture group (the issue key), has ${groups}`;
}
