import type { ProjectComponent } from '@jetway/contracts';
import { componentName, optional, unique, type DetectContext, type Detection, type Workspace } from '../detector';
import { makeCommand } from '../makefile';
import type { ProjectTree } from '../project-tree';
import { inDir } from '../project-tree';
import { dockerfileIn } from '../repo-files';

const BUILD_FILES = ['build.gradle.kts', 'build.gradle'];
const SETTINGS_FILES = ['settings.gradle.kts', 'settings.gradle'];

/**
 * A Gradle project: a directory with build.gradle(.kts) (Groovy or Kotlin DSL, read as text: only
 * a Gradle run evaluates it). `gradle build -x test` and `gradle test`, through the wrapper when
 * the project ships one. Subprojects in settings.gradle build from the root.
 */
export function detectGradleComponent(context: DetectContext): Detection | undefined {
  const buildFile = BUILD_FILES.map((name) => inDir(context.dir, name)).find((path) => context.tree.has(path));
  if (buildFile === undefined) return undefined;
  const text = [buildFile, ...subprojectBuildFiles(context)].map((path) => context.tree.read(path) ?? '').join('\n');
  const gradle = context.tree.has(inDir(context.dir, 'gradlew')) ? './gradlew' : 'gradle';
  const kotlinOnly = !context.tree.filesUnder(context.dir).some((path) => path.endsWith('.java')) && context.tree.filesUnder(context.dir).some((path) => path.endsWith('.kt'));
  const notes = kotlinOnly ? [`${context.dir === '.' ? 'the project' : context.dir} is Kotlin: reported as java, the JVM language the pipeline knows`] : [];
  if (gradle === 'gradle') notes.push(`${buildFile}: no Gradle wrapper (gradlew); the CI image must provide a matching Gradle`);
  const framework = /junit-jupiter|useJUnitPlatform/.test(text) ? 'junit5' : /\bjunit\b/.test(text) ? 'junit4' : /testng|useTestNG/.test(text) ? 'testng' : undefined;
  const component: ProjectComponent = {
    path: context.dir,
    name: componentName(context, rootProjectName(context)),
    language: 'java',
    package_manager: 'gradle',
    ...optional('lockfile', context.tree.has(inDir(context.dir, 'gradle.lockfile')) ? inDir(context.dir, 'gradle.lockfile') : undefined),
    runtime_versions: unique(javaVersionsOf(text).map((version) => `java ${version}`)),
    build_command: makeCommand(context.tree, context.dir, 'build') ?? `${gradle} build -x test`,
    test_command: makeCommand(context.tree, context.dir, 'test') ?? `${gradle} test`,
    ...optional('test_framework', framework),
    ...optional('coverage_tool', /\bjacoco\b/.test(text) ? 'jacoco' : undefined),
    ...optional('dockerfile', dockerfileIn(context.tree, context.dir)),
  };
  return { component, notes };
}

/** `include("a", ":b:c")` / `include 'a'` in the root settings file. */
export function gradleWorkspaceOf(tree: ProjectTree): Workspace | undefined {
  const settings = SETTINGS_FILES.find((name) => tree.has(name));
  const members = settings ? includedProjects(tree.read(settings) ?? '') : [];
  if (members.length === 0) return undefined;
  return { tool: 'gradle-subprojects', members: members.sort(), builds: 'root', notes: [] };
}

function includedProjects(settings: string): string[] {
  const names = [...settings.matchAll(/^\s*include\s*\(?([^)\n]*)\)?/gm)].flatMap((match) => [...(match[1] ?? '').matchAll(/["']([^"']+)["']/g)].map((name) => name[1] as string));
  return [...new Set(names.map((name) => name.replace(/^:/, '').replace(/:/g, '/')))];
}

function subprojectBuildFiles(context: DetectContext): string[] {
  if (context.dir !== '.') return [];
  return (gradleWorkspaceOf(context.tree)?.members ?? []).flatMap((member) => BUILD_FILES.map((name) => inDir(member, name))).filter((path) => context.tree.has(path));
}

function rootProjectName(context: DetectContext): string | undefined {
  const settings = SETTINGS_FILES.map((name) => inDir(context.dir, name)).find((path) => context.tree.has(path));
  return settings ? /rootProject\.name\s*=\s*["']([^"']+)["']/.exec(context.tree.read(settings) ?? '')?.[1] : undefined;
}

/** `JavaLanguageVersion.of(17)`, `JavaVersion.VERSION_17`, `sourceCompatibility = '17'`, `jvmTarget = "17"`. */
function javaVersionsOf(text: string): string[] {
  const patterns = [/JavaLanguageVersion\.of\(\s*(\d+)\s*\)/g, /JavaVersion\.VERSION_(\d+(?:_\d+)?)/g, /(?:source|target)Compatibility\s*=\s*['"]?(\d+(?:\.\d+)?)/g, /jvmToolchain\(\s*(\d+)\s*\)/g];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => (match[1] as string).replace('_', '.')));
}
