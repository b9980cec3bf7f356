// File paths from another tool, made relative to their project the way Pulse records them. An
// absolute path that cannot be placed inside its project is not recorded (its time still counts).

const WINDOWS_ABSOLUTE = /^[A-Za-z]:\//;

/**
 * `entity` relative to the project: under `root` when the source names the project's folder
 * (ActivityWatch), else after the last path component named like the project (WakaTime knows only
 * the name). Undefined when the path is absolute and neither places it, or it climbs out with `..`.
 */
export function relativePath(entity: string, project: string | null, root: string | null): string | undefined {
  const p = entity.replace(/\\/g, '/');
  const absolute = p.startsWith('/') || WINDOWS_ABSOLUTE.test(p);
  let rel: string | undefined;
  if (!absolute) rel = p.replace(/^\.\//, '');
  else if (root) {
    const r = root.replace(/\\/g, '/').replace(/\/+$/, '');
    if (p.startsWith(`${r}/`)) rel = p.slice(r.length + 1);
  }
  if (rel === undefined && absolute && project) {
    const at = p.lastIndexOf(`/${project}/`);
    if (at >= 0) rel = p.slice(at + project.length + 2);
  }
  if (rel === undefined || rel === '' || rel.split('/').some((part) => part === '..')) return undefined;
  return rel;
}
