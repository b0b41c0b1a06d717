import type { ProjectAnalysis, ProjectComponent } from '@jetway/contracts';
import type { ComponentDetector, DetectContext, Workspace } from './detector';
import { detectDotnetComponent, isDotnetDir } from './dotnet/dotnet.detector';
import { detectGoComponent, goWorkspaceOf } from './go/go.detector';
import { detectGradleComponent, gradleWorkspaceOf } from './jvm/gradle.detector';
import { detectMavenComponent, mavenWorkspaceOf } from './jvm/maven.detector';
import { detectNodeComponent } from './node/node.detector';
import { nodeWorkspaceOf } from './node/node-workspaces';
import type { ProjectTree } from './project-tree';
import { PYTHON_MANIFESTS } from './python/python-project';
import { detectPythonComponent } from './python/python.detector';
import { cargoWorkspaceOf, detectCargoComponent } from './rust/cargo.detector';

/** Every ecosystem's detector; a directory with manifests of several ecosystems gives one component each. */
const DETECTORS: readonly ComponentDetector[] = [
  detectNodeComponent, detectPythonComponent, detectGoComponent, detectMavenComponent, detectGradleComponent, detectCargoComponent, detectDotnetComponent,
];
const WORKSPACES: readonly ((tree: ProjectTree) => Workspace | undefined)[] = [nodeWorkspaceOf, goWorkspaceOf, mavenWorkspaceOf, gradleWorkspaceOf, cargoWorkspaceOf];

const MANIFESTS = new Set(['package.json', ...PYTHON_MANIFESTS, 'go.mod', 'pom.xml', 'build.gradle', 'build.gradle.kts', 'Cargo.toml']);
/** Projects under these directories are test data, not services. */
const NOT_SERVICES = /(^|\/)(testdata|fixtures|__fixtures__|test-fixtures)(\/|$)/;
/** How deep below the root a project without a workspace tool is looked for (`services/api` is 2). */
const MAX_PROJECT_DEPTH = 3;

export interface Layout {
  components: ProjectComponent[];
  monorepo?: NonNullable<ProjectAnalysis['monorepo']>;
  notes: string[];
}

/**
 * Where the buildable units are: the members of a workspace tool (npm/pnpm/yarn workspaces, lerna,
 * go.work); else the root (a Maven reactor, Gradle build or Cargo workspace builds its members
 * from there); else independent projects in subdirectories, which are the service boundaries;
 * else loose source files at the root.
 */
export function detectLayout(tree: ProjectTree, fallbackName: string): Layout {
  const workspaces = WORKSPACES.map((detect) => detect(tree)).filter((found): found is Workspace => found !== undefined);
  const notes = workspaces.flatMap((found) => found.notes);
  const workspace = workspaces.find((found) => found.members.length > 0);
  for (const other of workspaces.filter((found) => found !== workspace && found.members.length > 0)) notes.push(`${other.tool} also declares members (${other.members.join(', ')}); the layout follows ${workspace?.tool}`);
  const base = { tree, fallbackName };
  if (workspace?.builds === 'members') {
    const found = workspace.members.map((dir) => detectIn({ ...base, dir, workspaceRoot: '.' }));
    notes.push(`${workspace.tool}: the root runs its members' scripts; each member is a component`);
    return { components: found.flatMap((one) => one.components), monorepo: { tool: workspace.tool, members: workspace.members }, notes: [...notes, ...found.flatMap((one) => one.notes)] };
  }
  const root = detectIn({ ...base, dir: '.' });
  if (root.components.length > 0 || root.notes.length > 0) {
    const others = projectDirs(tree).filter((dir) => !workspace?.members.some((member) => dir === member || dir.startsWith(`${member}/`)));
    if (others.length > 0) notes.push(`also found projects in ${others.join(', ')}: not part of the root's build, not analysed as components`);
    return { components: root.components, ...(workspace ? { monorepo: { tool: workspace.tool, members: workspace.members } } : {}), notes: [...notes, ...root.notes] };
  }
  const dirs = projectDirs(tree);
  if (dirs.length === 0) {
    const loose = detectIn({ ...base, dir: '.', loose: true });
    return { components: loose.components, notes: [...notes, ...loose.notes] };
  }
  const found = dirs.map((dir) => detectIn({ ...base, dir }));
  if (dirs.length > 1) notes.push(`no workspace tool: the ${dirs.length} projects in ${dirs.join(', ')} are separate services`);
  return { components: found.flatMap((one) => one.components), ...(dirs.length > 1 ? { monorepo: { tool: 'directories', members: dirs } } : {}), notes: [...notes, ...found.flatMap((one) => one.notes)] };
}

function detectIn(context: DetectContext): { components: ProjectComponent[]; notes: string[] } {
  const detections = DETECTORS.map((detect) => detect(context)).filter((found) => found !== undefined);
  return {
    components: detections.flatMap((found) => (found.component ? [found.component] : [])),
    notes: detections.flatMap((found) => found.notes),
  };
}

/** The top-most directories below the root that hold a manifest (not below another such directory, nor test data). */
function projectDirs(tree: ProjectTree): string[] {
  const candidates = tree.dirs.filter((dir) => {
    if (dir === '.' || dir.split('/').length > MAX_PROJECT_DEPTH || NOT_SERVICES.test(dir)) return false;
    const names = tree.namesIn(dir);
    return names.some((name) => MANIFESTS.has(name)) || isDotnetDir(names);
  });
  return candidates.filter((dir) => !candidates.some((other) => dir.startsWith(`${other}/`)));
}
