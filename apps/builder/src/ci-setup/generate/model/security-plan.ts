import type { Severity } from '@jetway/contracts';
import type { ComponentPlan, ImagePlan, SecurityPlan, ToolRun } from './pipeline-model';
import { dirOf, shellQuote } from './shell';

/**
 * Scanner images, pinned by the digest of their multi-arch index (a tag can be moved; a digest
 * cannot). Trivy 0.69.3 predates the March 2026 compromise of Trivy's release tags (0.69.4).
 */
export const TOOL_IMAGES = {
  gitleaks: 'ghcr.io/gitleaks/gitleaks:v8.28.0@sha256:cdbb7c955abce02001a9f6c9f602fb195b7fadc1e812065883f695d1eeaba854',
  trivy: 'aquasec/trivy:0.69.3@sha256:bcc376de8d77cfe086a917230e818dc9f8528e3c852f7b1aff648949b6258d1c',
  semgrep: 'semgrep/semgrep:1.178.0@sha256:32e459968daabe7ab86968184a29109b9564aa00392401156f9788452b42786b',
} as const;

const ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** Trivy's severities at or above `failOn`: `high` → `HIGH,CRITICAL`. */
export function trivySeverities(failOn: Severity): string {
  return ORDER.slice(ORDER.indexOf(failOn)).map((severity) => severity.toUpperCase()).join(',');
}

/** Semgrep has three levels: ERROR for high and critical, WARNING from medium, INFO from low. */
export function semgrepSeverityFlags(failOn: Severity): string {
  const levels = failOn === 'low' ? ['INFO', 'WARNING', 'ERROR'] : failOn === 'medium' ? ['WARNING', 'ERROR'] : ['ERROR'];
  return levels.map((level) => `--severity ${level}`).join(' ');
}

const CODEQL: Readonly<Partial<Record<ComponentPlan['source']['language'], string>>> = {
  javascript: 'javascript-typescript',
  typescript: 'javascript-typescript',
  python: 'python',
  go: 'go',
  java: 'java-kotlin',
  csharp: 'csharp',
  rust: 'rust',
};

/** Secrets, dependencies and SAST over the whole tree, failing at `failOn` or above. */
export function securityPlan(components: readonly ComponentPlan[], failOn: Severity): SecurityPlan {
  const severities = trivySeverities(failOn);
  const secrets: ToolRun = { id: 'secrets', title: 'Secret scan (gitleaks)', image: TOOL_IMAGES.gitleaks, command: 'gitleaks dir --redact --no-banner --exit-code 1 .', env: [] };
  const dependencies: ToolRun = {
    id: 'dependencies',
    title: 'Dependency scan (trivy)',
    image: TOOL_IMAGES.trivy,
    command: `trivy fs --scanners vuln --severity ${severities} --ignore-unfixed --exit-code 1 --no-progress .`,
    env: [],
  };
  const sast: ToolRun = {
    id: 'sast',
    title: 'SAST (semgrep)',
    image: TOOL_IMAGES.semgrep,
    command: `semgrep scan --config p/default --error --metrics=off ${semgrepSeverityFlags(failOn)} .`,
    env: [],
  };
  const codeqlLanguages = [...new Set(components.map((component) => CODEQL[component.source.language]).filter((language): language is string => language !== undefined))].sort();
  return { failOn, secrets, dependencies, sast, codeqlLanguages };
}

/** `$REGISTRY_IMAGE/<name>:$IMAGE_TAG`, lowercased (registries refuse capitals; repository names may have them). */
export function imageAssignment(name: string): string {
  return `IMAGE="$(printf '%s' "$REGISTRY_IMAGE/${name}:$IMAGE_TAG" | tr '[:upper:]' '[:lower:]')"`;
}

/** Build (BuildKit: a multi-stage Dockerfile builds only what its final stage needs), push, then scan the pushed image. */
export function imagePlan(component: ComponentPlan, single: boolean, failOn: Severity | undefined): ImagePlan | undefined {
  const dockerfile = component.source.dockerfile;
  if (dockerfile === undefined) return undefined;
  const context = dirOf(dockerfile);
  const name = single ? 'app' : component.id;
  const build = [
    imageAssignment(name),
    `DOCKER_BUILDKIT=1 docker build --pull --file ${shellQuote(dockerfile)} --tag "$IMAGE" ${shellQuote(context)}`,
    'docker push "$IMAGE"',
  ].join('\n');
  const scan: ToolRun | undefined = failOn && {
    id: `container-scan-${component.id}`,
    title: `Container scan of ${name} (trivy)`,
    image: TOOL_IMAGES.trivy,
    command: [imageAssignment(name), `trivy image --severity ${trivySeverities(failOn)} --ignore-unfixed --exit-code 1 --no-progress "$IMAGE"`].join('\n'),
    env: ['TRIVY_USERNAME', 'TRIVY_PASSWORD'],
  };
  return { component, dockerfile, context, name, build, scan };
}
