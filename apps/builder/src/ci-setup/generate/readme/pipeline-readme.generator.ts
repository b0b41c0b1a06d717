import type { CiInfrastructureSpec, CiPlatform } from '@jetway/contracts';
import { QUALITY_DASHBOARD_PATH } from '../dashboards/quality-dashboard.generator';
import type { GeneratedCiFile, PipelineModel } from '../model/pipeline-model';
import { infrastructureSection } from './infrastructure-section';
import { platformSetup, VALIDATION_LEVEL } from './platform-notes';

export const README_PATH = 'docs/ci/README.md';

const PLATFORM_NAMES: Readonly<Record<CiPlatform, string>> = {
  github_actions: 'GitHub Actions',
  gitlab_ci: 'GitLab CI',
  jenkins: 'Jenkins',
  circleci: 'CircleCI',
  azure_devops: 'Azure Pipelines',
};

/** The stages as a mermaid flowchart: CI in parallel, then package, then each environment in promotion order. */
export function mermaidDiagram(model: PipelineModel): string {
  const lines = ['flowchart LR'];
  const node = (id: string, label: string) => lines.push(`  ${id}["${label.replace(/"/g, "'")}"]`);
  node('build', `Build (${model.components.map((c) => c.id).join(', ')})`);
  node('test', `Test, coverage >= ${model.coverageThreshold}%`);
  lines.push('  build --> test');
  let gates = ['test'];
  if (model.security) {
    node('security', `Security scan: secrets, dependencies, SAST (fail at ${model.security.failOn})`);
    gates = [...gates, 'security'];
  }
  let previous = gates;
  if (model.images.length > 0) {
    node('package', `Package image (${model.images.map((i) => i.name).join(', ')})`);
    for (const gate of gates) lines.push(`  ${gate} --> package`);
    previous = ['package'];
    if (model.images.some((image) => image.scan)) {
      node('containerscan', 'Container scan');
      lines.push('  package --> containerscan');
      previous = ['containerscan'];
    }
  }
  for (const deploy of model.deploys) {
    const env = deploy.environment;
    if (deploy.gated) node(`approve_${env}`, `Manual approval (${env})`);
    node(`deploy_${env}`, `Deploy ${env} (${deploy.target.platform}; ${deploy.branches.join(', ')})`);
    node(`smoke_${env}`, `Smoke test ${env}`);
    node(`rollback_${env}`, `Roll back ${env}`);
    const from = deploy.after ? [`smoke_${deploy.after}`] : previous;
    const entry = deploy.gated ? `approve_${env}` : `deploy_${env}`;
    for (const source of from) lines.push(`  ${source} --> ${entry}`);
    if (deploy.gated) lines.push(`  approve_${env} --> deploy_${env}`);
    lines.push(`  deploy_${env} --> smoke_${env}`, `  deploy_${env} -. failure .-> rollback_${env}`, `  smoke_${env} -. failure .-> rollback_${env}`);
  }
  node('notify', 'Notify (Slack)');
  const last = model.deploys.length > 0 ? model.deploys.map((deploy) => `smoke_${deploy.environment}`) : previous;
  for (const source of last) lines.push(`  ${source} -. always .-> notify`);
  return lines.join('\n');
}

function componentsTable(model: PipelineModel): string[] {
  const rows = model.components.map((c) => {
    const commands = [c.commands.install, c.commands.build, c.commands.test].filter(Boolean).map((command) => `\`${command?.replace(/\|/g, '\\|')}\``);
    return `| \`${c.source.path}\` | ${c.family} ${c.versions.join(', ')} (tests on ${c.testVersion}) | ${c.cache ? `keyed on ${c.cache.keyFiles.join(', ')}` : 'none'} | ${commands.join('<br>')} |`;
  });
  return ['| component | runtime | dependency cache | commands (run in the component directory) |', '|---|---|---|---|', ...rows];
}

function deploySection(model: PipelineModel): string[] {
  if (model.deploys.length === 0) return ['No deployment targets were requested (or none could be deployed): the pipeline stops after its checks.'];
  return [
    '| environment | target | deploys from | gate | secrets it reads |',
    '|---|---|---|---|---|',
    ...model.deploys.map(
      (d) => `| ${d.environment} | ${d.target.platform}${d.target.region ? ` (${d.target.region})` : ''} | ${d.branches.join(', ')}${d.after ? `, after ${d.after}` : ''} | ${d.gated ? 'manual approval' : 'automatic'} | ${[...d.env, 'SMOKE_TEST_URL'].map((e) => `\`${e}\``).join(', ')} |`,
    ),
    '',
    'Each deploy is followed by a smoke test (`SMOKE_TEST_URL` must answer 2xx within a minute); when the deploy or the smoke test fails, the rollback for that environment runs.',
    `Resource names follow \`${model.application}[-<component>]-<environment>\` (Kubernetes namespace, ECS cluster, Lambda function, App Service); adjust them in the files if yours differ.`,
  ];
}

function securitySection(model: PipelineModel): string[] {
  const security = model.security;
  const images = model.images.some((image) => image.scan) ? '; each pushed image is scanned by trivy before any deploy' : '';
  const text = security
    ? `Secrets (gitleaks), dependencies (trivy) and SAST (semgrep) fail the pipeline at severity ${security.failOn} or above${images}. The scanners run in images pinned by digest.`
    : 'Security scans were not requested (`quality_gates.security_scan_required: false`).';
  return ['## Security scan', '', text, ''];
}

function triggersSection(model: PipelineModel): string[] {
  const list = (branches: readonly string[]) => branches.map((branch) => `\`${branch}\``).join(', ');
  return [
    '## Triggers and environments',
    '',
    model.triggers.description,
    '',
    `Pushes to ${list(model.triggers.push)} and pull/merge requests to ${list(model.triggers.pullRequest)} run the pipeline; images are built and deployed from pushes only.`,
    '',
    ...deploySection(model),
    '',
  ];
}

export function pipelineReadme(model: PipelineModel, files: readonly GeneratedCiFile[], infrastructure?: CiInfrastructureSpec): string {
  const platforms = files.filter((file) => file.platform !== undefined);
  return [
    `# CI/CD for ${model.application}`,
    '',
    'Generated by Jetway (`ci_cd_setup`) from an analysis of this repository. Every platform below runs the same stages and the same commands.',
    '',
    '```mermaid',
    mermaidDiagram(model),
    '```',
    '',
    '## Files',
    '',
    '| platform | file | validated with |',
    '|---|---|---|',
    ...platforms.map((file) => `| ${file.platform ? PLATFORM_NAMES[file.platform] : ''} | \`${file.path}\` | ${file.platform ? VALIDATION_LEVEL[file.platform] : ''} |`),
    '',
    '## Build and test',
    '',
    ...componentsTable(model),
    '',
    `The test job fails when line coverage is under ${model.coverageThreshold}%.`,
    '',
    ...dashboardSection(model, files),
    ...securitySection(model),
    ...triggersSection(model),
    ...infrastructureSection(infrastructure, files),
    '## Setting it up',
    '',
    ...platforms.flatMap((file) => (file.platform ? [`### ${PLATFORM_NAMES[file.platform]}`, '', ...platformSetup(file.platform, model), ''] : [])),
    '## What the generator decided',
    '',
    ...model.notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
}

function dashboardSection(model: PipelineModel, files: readonly GeneratedCiFile[]): string[] {
  const dashboard = files.find((file) => file.path === QUALITY_DASHBOARD_PATH);
  if (!dashboard) return [];
  return [
    '## Quality dashboard',
    '',
    `\`${dashboard.path}\` is a Grafana dashboard of ${model.application}: build success, test coverage (green from ${model.coverageThreshold}%), deployment frequency, lead time, time to restore and security findings. Import it in Grafana (Dashboards → New → Import); its queries read a Prometheus datasource of uid \`prometheus\` that scrapes Jetway's services.`,
    '',
  ];
}

export function generateReadme(model: PipelineModel, files: readonly GeneratedCiFile[], infrastructure?: CiInfrastructureSpec): GeneratedCiFile {
  return { path: README_PATH, content: pipelineReadme(model, files, infrastructure) };
}
