import type { ProjectComponent } from '@jetway/contracts';
import { componentName, optional, unique, type DetectContext, type Detection, type Workspace } from '../detector';
import { makeCommand } from '../makefile';
import type { ProjectTree } from '../project-tree';
import { inDir } from '../project-tree';
import { dockerfileIn } from '../repo-files';
import { readPom, type Pom } from './pom';

/**
 * A Maven project: a directory with pom.xml. `mvn -B verify` runs the tests (and jacoco's check
 * when the pom has it); the Maven wrapper is used when the project ships one. No install command:
 * Maven resolves what a phase needs as it runs it. A multi-module pom
 * is built from its root (the reactor), so its modules are reported as the monorepo's members,
 * not as components of their own.
 */
export function detectMavenComponent(context: DetectContext): Detection | undefined {
  const file = inDir(context.dir, 'pom.xml');
  const text = context.tree.read(file);
  if (text === undefined) return undefined;
  const pom = readPom(text);
  const mvn = context.tree.has(inDir(context.dir, 'mvnw')) ? './mvnw' : 'mvn';
  const modules = pom.modules.map((module) => inDir(context.dir, module));
  const framework = junitOf([pom, ...modules.map((dir) => readPom(context.tree.read(inDir(dir, 'pom.xml')) ?? ''))]);
  const component: ProjectComponent = {
    path: context.dir,
    name: componentName(context, pom.artifactId),
    language: 'java',
    package_manager: 'maven',
    runtime_versions: unique(pom.javaVersions.map((version) => `java ${version}`)),
    build_command: makeCommand(context.tree, context.dir, 'build') ?? `${mvn} -B -DskipTests package`,
    test_command: makeCommand(context.tree, context.dir, 'test') ?? `${mvn} -B verify`,
    ...optional('test_framework', framework),
    ...optional('coverage_tool', pom.artifacts.has('jacoco-maven-plugin') ? 'jacoco' : undefined),
    ...optional('dockerfile', dockerfileIn(context.tree, context.dir)),
  };
  const notes = framework === undefined ? [`${file} declares no JUnit or TestNG dependency: \`mvn verify\` may run no tests`] : [];
  return { component, notes };
}

/** A root pom's `<modules>`: built together by the reactor from the root. */
export function mavenWorkspaceOf(tree: ProjectTree): Workspace | undefined {
  const text = tree.read('pom.xml');
  if (text === undefined) return undefined;
  const modules = readPom(text).modules;
  if (modules.length === 0) return undefined;
  const members = modules.filter((dir) => tree.has(inDir(dir, 'pom.xml'))).sort();
  const missing = modules.filter((dir) => !members.includes(dir));
  const notes = missing.length > 0 ? [`pom.xml lists modules without a pom.xml: ${missing.join(', ')}`] : [];
  return { tool: 'maven-modules', members, builds: 'root', notes };
}

function junitOf(poms: Pom[]): string | undefined {
  const has = (artifact: string): boolean => poms.some((pom) => pom.artifacts.has(artifact));
  if (has('junit-jupiter') || has('junit-jupiter-api') || has('junit-jupiter-engine')) return 'junit5';
  if (has('junit')) return 'junit4';
  if (has('testng')) return 'testng';
  return undefined;
}
