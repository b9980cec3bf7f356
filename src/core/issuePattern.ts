// `pulse.issuePattern`: a user's regular expression whose one capture group is the issue key.

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
