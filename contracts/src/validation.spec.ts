import { notAvailableYet, requestDigest } from './pipeline/availability';
import { PipelineRequest } from './pipeline/pipeline-request.v1';
import { DeploymentRequest } from './pipeline/request.v1';
import { MINIMAL_REQUEST } from './samples';
import { closest, describeUnknownFields, unknownFields } from './unknown-fields';
import { parseWith } from './validation';

const errorOf = (value: unknown): string => {
  const result = parseWith(DeploymentRequest, value);
  if (result.ok) throw new Error('accepted an invalid request');
  return result.error;
};

describe('errors in plain words', () => {
  it('says "missing" for a missing field and "must be a number" for a wrong type', () => {
    const { build: _build, ...withoutBuild } = MINIMAL_REQUEST;
    expect(errorOf(withoutBuild)).toBe('build: missing');
    const error = errorOf({ ...MINIMAL_REQUEST, platform_config: { replicas: 'two', run: { command: 'x' } } });
    expect(error).toBe('platform_config.replicas: must be a number');
  });

  it('lists the allowed values of an enum and of a union tag, never zod phrasing', () => {
    const error = errorOf({ ...MINIMAL_REQUEST, deployment_strategy: 'big_bang', artifact_source: { type: 'ftp', location: 'x' } });
    expect(error).toContain('deployment_strategy: must be one of "rolling", "blue_green", "canary", "recreate"');
    expect(error).toContain('artifact_source.type: must be one of "directory", "git"');
    expect(error).not.toMatch(/expected|received|Invalid/);
  });

  it('keeps the words a schema wrote itself', () => {
    expect(errorOf({ ...MINIMAL_REQUEST, idempotency_key: 'short' })).toBe('idempotency_key: use at least 8 characters');
  });

  it('lists the pipeline kinds for an unknown kind, and names what an infrastructure request lacks', () => {
    expect(parseWith(PipelineRequest, { ...MINIMAL_REQUEST, kind: 'infrastructure' })).toEqual({ ok: false, error: expect.stringContaining('stack: missing') });
    expect(parseWith(PipelineRequest, { ...MINIMAL_REQUEST, kind: 'deploy' })).toEqual({ ok: false, error: 'kind: must be one of "deployment", "ci_cd_setup", "monitoring_setup", "infrastructure", "rollback"' });
  });

  it('words bounds for text, lists and numbers', () => {
    const error = errorOf({ ...MINIMAL_REQUEST, target_environments: [], platform_config: { replicas: 0, run: { command: 'x' } } });
    expect(error).toContain('target_environments: name at least one environment');
    expect(error).toContain('platform_config.replicas: must be at least 1');
  });
});

describe('unknown fields', () => {
  it('names each unknown field at any depth with a did-you-mean', () => {
    const request = {
      ...MINIMAL_REQUEST,
      deployment_stratgy: 'canary',
      approvl: { approvers: ['alice'] },
      approval: { auto_aprove: true },
      platform_config: { replicsa: 3, run: { command: 'x', evn: {} } },
    };
    const fields = unknownFields(DeploymentRequest, request);
    expect(fields.map((f) => [f.path, f.suggestion])).toEqual([
      ['platform_config.replicsa', 'replicas'],
      ['platform_config.run.evn', 'env'],
      ['deployment_stratgy', 'deployment_strategy'],
      ['approvl', 'approval'],
      ['approval.auto_aprove', 'auto_approve'],
    ]);
    expect(describeUnknownFields(fields)).toContain('approval.auto_aprove: unknown field (did you mean "auto_approve"?)');
  });

  it('follows the union branch the value takes, and lists the known fields when nothing is close', () => {
    const request = { ...MINIMAL_REQUEST, artifact_source: { type: 'git', location: '/r', version: 'v1', branch: 'main' } };
    const [field] = unknownFields(DeploymentRequest, request);
    expect(field).toMatchObject({ path: 'artifact_source.branch', known: ['type', 'location', 'version'] });
    expect(describeUnknownFields([field!])).toBe('artifact_source.branch: unknown field (the fields here are type, location, version)');
  });

  it('finds nothing in a request that only uses known fields', () => {
    expect(unknownFields(DeploymentRequest, MINIMAL_REQUEST)).toEqual([]);
  });

  it('suggests only close names', () => {
    expect(closest('replicsa', ['replicas', 'region'])).toBe('replicas');
    expect(closest('colour', ['replicas', 'region'])).toBeUndefined();
  });
});

describe('availability', () => {
  it('names what no driver runs yet', () => {
    const request = DeploymentRequest.parse({
      ...MINIMAL_REQUEST,
      deployment_strategy: 'canary',
      platform_config: { type: 'kubernetes', run: { command: 'x' } },
      artifact_source: { type: 's3', location: 's3://bucket/app.tgz' },
    });
    expect(notAvailableYet(request)).toEqual([
      'platform_config.type: kubernetes is not available yet; local (processes on this machine) is the only platform with a driver',
      'artifact_source.type: s3 is not available yet; build from a directory or a local git repository',
    ]);
    expect(notAvailableYet(DeploymentRequest.parse(MINIMAL_REQUEST))).toEqual([]);
    for (const strategy of ['rolling', 'recreate', 'blue_green', 'canary'] as const) {
      expect(notAvailableYet(DeploymentRequest.parse({ ...MINIMAL_REQUEST, deployment_strategy: strategy }))).toEqual([]);
    }
  });
});

describe('requestDigest', () => {
  it('is the same for the same request in any key order, and differs when a field differs', () => {
    const a = DeploymentRequest.parse(MINIMAL_REQUEST);
    const reordered = DeploymentRequest.parse(Object.fromEntries(Object.entries(MINIMAL_REQUEST).reverse()));
    const changed = DeploymentRequest.parse({ ...MINIMAL_REQUEST, platform_config: { run: { command: 'node other.js' } } });
    expect(requestDigest(reordered)).toBe(requestDigest(a));
    expect(requestDigest(changed)).not.toBe(requestDigest(a));
    expect(requestDigest(a)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
