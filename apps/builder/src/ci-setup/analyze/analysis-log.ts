import type { ProjectAnalysis, ProjectComponent, ProjectSource } from '@jetway/contracts';
import type { ExistingCi } from './repo-files';

/** What the step log says about where the tree came from. */
export interface LogSource {
  project: ProjectSource;
  kind?: 'directory' | 'git';
  commit?: string;
}

/** The step's log: what was analysed and what was found, in words, for `jetway logs`. */
export function describeAnalysis(source: LogSource, analysis: ProjectAnalysis, existingCi: ExistingCi[]): string {
  const lines = [header(source), ''];
  lines.push(`languages: ${analysis.languages.length === 0 ? 'none found' : analysis.languages.map((language) => `${language.name} (${language.files} ${language.files === 1 ? 'file' : 'files'})`).join(', ')}`);
  if (analysis.monorepo) lines.push(`monorepo: ${analysis.monorepo.tool}, members ${analysis.monorepo.members.join(', ') || 'none'}`);
  lines.push(`components: ${analysis.components.length === 0 ? 'none found' : analysis.components.length}`);
  for (const component of analysis.components) lines.push(...describeComponent(component));
  lines.push(`dockerfiles: ${analysis.dockerfiles.join(', ') || 'none'}`);
  lines.push(`existing CI: ${existingCi.map((ci) => `${ci.path} (${ci.system})`).join(', ') || 'none'}`);
  if (analysis.notes.length > 0) lines.push('notes:', ...analysis.notes.map((note) => `  - ${note}`));
  return `${lines.join('\n')}\n`;
}

function header(source: LogSource): string {
  if (source.kind === 'git') return `analysed ${source.project.path} at ${source.project.ref ?? 'HEAD'} (commit ${source.commit ?? 'unknown'}); its working tree and uncommitted changes were not read`;
  if (source.kind === 'directory') return `analysed the directory ${source.project.path}`;
  return `could not read ${source.project.path}`;
}

function describeComponent(component: ProjectComponent): string[] {
  const field = (label: string, value: string | undefined, missing = 'none found'): string => `    ${label}: ${value ?? missing}`;
  return [
    `  - ${component.path} (${component.name}): ${component.language}, ${component.package_manager}${component.lockfile ? `, lockfile ${component.lockfile}` : ', no lockfile'}`,
    field('runtime', component.runtime_versions.join(', ') || undefined, 'not declared'),
    field('install', component.install_command, 'none'),
    field('build', component.build_command),
    field('test', component.test_command && `${component.test_command}${component.test_framework ? ` (${component.test_framework})` : ''}`),
    field('coverage', component.coverage_tool),
    field('dockerfile', component.dockerfile, 'none'),
  ];
}
