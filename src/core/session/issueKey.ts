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
  // GitHub's forms first: `GH-9` is GitHub's issue 9 here, not a Jira project called GH.
  const gh = GITHUB.exec(branch);
  if (gh) return `#${gh[1]}`;
  return JIRA.exec(branch)?.[1];
}
