/** One npm workspace member as the lockfile records it. */
export interface LockedWorkspace {
  /** Directory relative to the root, e.g. `services/api`. */
  path: string;
  name: string;
  version: string;
}

/**
 * A valid `package-lock.json` (lockfileVersion 3) for a package without dependencies, with its
 * workspace members linked the way npm writes them: `npm ci` accepts it and installs nothing
 * from a registry, so the fixtures work offline.
 */
export function nodeLockfile(name: string, version: string, workspaces?: { globs: string[]; members: LockedWorkspace[] }): string {
  const root: Record<string, unknown> = { name, version };
  if (workspaces) root['workspaces'] = workspaces.globs;
  const packages: Record<string, unknown> = { '': root };
  const members = workspaces?.members ?? [];
  for (const member of members) packages[`node_modules/${member.name}`] = { resolved: member.path, link: true };
  for (const member of members) packages[member.path] = { name: member.name, version: member.version };
  return `${JSON.stringify({ name, version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}
