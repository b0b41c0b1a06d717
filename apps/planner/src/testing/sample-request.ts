import { DeploymentRequest, type DeploymentRequestInput } from '@jetway/contracts';

/** A valid deployment request for unit specs; override what the case is about. */
export function sampleRequest(overrides: Partial<DeploymentRequestInput> = {}): DeploymentRequest {
  return DeploymentRequest.parse({
    kind: 'deployment',
    idempotency_key: 'hello-0001',
    application_name: 'hello',
    artifact_source: { type: 'directory', location: '/src/hello' },
    build: { command: 'true' },
    target_environments: ['staging', 'production'],
    platform_config: { run: { command: 'node server.js' } },
    approval: { approvers: ['alice'] },
    ...overrides,
  });
}
