import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ulid } from 'ulid';
import { DeploymentRequest, type DeploymentRequestInput } from '@jetway/contracts';

export const HELLO_SERVICE = resolve(__dirname, '../../../examples/hello-service');

/** A copy of hello-service to change (a BROKEN marker, a leaked key) without touching the example. */
export function helloCopy(change: (dir: string) => void = () => undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'jetway-hello-'));
  cpSync(HELLO_SERVICE, dir, { recursive: true });
  change(dir);
  return dir;
}

/** A release whose /health answers 500 (and whose digest differs from the good one). */
export const markBroken = (dir: string) => prepend(join(dir, 'server.js'), "process.env.HEALTH_FAIL = '1';\n");
/** A cloud key in the shipped code: the scanner's aws-access-key rule must fail the verdict. */
export const leakKey = (dir: string) => prepend(join(dir, 'server.js'), `const awsKey = '${['AKIA', 'Q3ZT7WLM', '2XKD9PRB'].join('')}';\n`);

function prepend(file: string, line: string): void {
  const source = readFileSync(file, 'utf8');
  const [shebang, ...rest] = source.startsWith("'use strict';") ? source.split('\n') : ['', source];
  writeFileSync(file, shebang ? `${shebang}\n${line}${rest.join('\n')}` : `${line}${source}`);
}

/** The hello-service deployment request, fast settings for tests. */
export function helloRequest(overrides: Partial<DeploymentRequestInput> = {}): DeploymentRequest {
  return DeploymentRequest.parse({
    kind: 'deployment',
    idempotency_key: `e2e-${ulid()}`,
    requested_by: 'mesh-e2e',
    application_name: 'hello-service',
    artifact_source: { type: 'directory', location: HELLO_SERVICE },
    build: { command: 'node --check server.js && mkdir -p dist && cp server.js package.json dist/', output: 'dist' },
    target_environments: ['staging'],
    platform_config: {
      replicas: 2,
      run: { command: 'node server.js', env: { APP_VERSION: 'v1' } },
      health_check: { interval: 0.1, initial_delay: 0.1, success_threshold: 1, failure_threshold: 5 },
    },
    approval: { approvers: ['alice'], auto_approve: false },
    ...overrides,
  });
}
