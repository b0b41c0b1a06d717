import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRequestFile, RequestFileError } from './load-request-file';

const YAML_REQUEST = `
kind: deployment
application_name: shop
artifact_source:
  type: directory
  location: ./app
build:
  command: npm run build
target_environments: [staging, production]
platform_config:
  run:
    command: node server.js
`;

describe('loadRequestFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jetway-cli-'));
    await mkdir(join(dir, 'requests'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const write = async (name: string, text: string) => {
    const path = join(dir, 'requests', name);
    await writeFile(path, text);
    return path;
  };
  const errorOf = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected loadRequestFile to fail');
      },
      (error: unknown) => error as RequestFileError,
    );

  const deployment = async (path: string) => {
    const request = await loadRequestFile(path);
    if (request.kind !== 'deployment') throw new Error(`expected a deployment request, got ${request.kind}`);
    return request;
  };

  it('reads a monitoring setup request, resolving secret files against the file, and names a bad availability', async () => {
    const text = [
      'kind: monitoring_setup',
      'name: shop-monitoring',
      'monitoring_stack: prometheus_grafana',
      'infrastructure_inventory: { containers: [{ name: shop, team: payments, targets: ["10.0.0.5:8080"] }] }',
      'alerting_channels: [{ name: oncall, type: pagerduty, config: { routing_key_file: ../secrets/pd-key } }]',
    ].join('\n');
    const request = await loadRequestFile(await write('monitoring.yaml', `${text}\n`));
    if (request.kind !== 'monitoring_setup') throw new Error(`expected a monitoring setup request, got ${request.kind}`);
    expect(request.alerting_channels[0]?.config).toEqual({ routing_key_file: join(dir, 'secrets', 'pd-key') });
    const error = await errorOf(loadRequestFile(await write('bad.yaml', `${text}\nsla_requirements: { availability: 101 }\n`)));
    expect(error.message).toContain('sla_requirements.availability: must be below 100: a 100 % objective leaves no error budget to alert on');
  });

  it('reads a CI/CD setup request, resolving project_path against the file and naming its own fields', async () => {
    const path = await write('ci.yaml', 'kind: ci_cd_setup\nproject_path: ../shop\nci_platform: [github_actions, jenkins]\nproject_type: api\n');
    const request = await loadRequestFile(path);
    expect(request).toMatchObject({ kind: 'ci_cd_setup', project_path: join(dir, 'shop'), ci_platform: ['github_actions', 'jenkins'] });
    const bad = await errorOf(loadRequestFile(await write('ci-bad.yaml', 'kind: ci_cd_setup\nproject_path: /x\nci_platform: travis\nproject_type: api\nbranching: gitflow\n')));
    expect(bad.message).toContain('not a valid ci_cd_setup request');
    expect(bad.message).toContain('ci_platform: must be one of github_actions, gitlab_ci, jenkins, circleci, azure_devops, or a list of them');
    expect(bad.message).toContain('branching: unknown field (did you mean "branching_strategy"?)');
  });

  it('reads YAML, resolves the source against the file, mints a ULID key and applies defaults', async () => {
    const request = await deployment(await write('shop.yaml', YAML_REQUEST));
    expect(request.artifact_source.location).toBe(join(dir, 'requests', 'app'));
    expect(request.idempotency_key).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(request.deployment_strategy).toBe('rolling');
    expect(request.platform_config.replicas).toBe(2);
  });

  it('reads JSON and keeps the file key and an absolute location untouched', async () => {
    const json = { ...baseJson(), idempotency_key: 'file-key-123', artifact_source: { type: 'directory', location: '/srv/app' } };
    const request = await deployment(await write('shop.json', JSON.stringify(json)));
    expect([request.idempotency_key, request.artifact_source.location]).toEqual(['file-key-123', '/srv/app']);
  });

  it('refuses unknown fields at any depth with a did-you-mean, before anything is published', async () => {
    const typos = {
      ...baseJson(),
      deployment_stratgy: 'canary',
      approvl: { approvers: ['alice'] },
      approval: { auto_aprove: true },
      platform_config: { replicsa: 3, run: { command: 'node server.js' } },
    };
    const error = await errorOf(loadRequestFile(await write('typos.json', JSON.stringify(typos))));
    expect(error.message).toContain('platform_config.replicsa: unknown field (did you mean "replicas"?)');
    expect(error.message).toContain('deployment_stratgy: unknown field (did you mean "deployment_strategy"?)');
    expect(error.message).toContain('approvl: unknown field (did you mean "approval"?)');
    expect(error.message).toContain('approval.auto_aprove: unknown field (did you mean "auto_approve"?)');
  });

  it('names an unknown field of a strict object once, next to the other problems', async () => {
    const steps = [{ weight: 20, duration_seconds: 60, success_criteria: { eror_rate: 0.01 } }, { weight: 100 }, { weight: 50 }];
    const request = { ...baseJson(), deployment_strategy: 'canary', rollout: { canary: { steps } } };
    const error = await errorOf(loadRequestFile(await write('canary-typos.json', JSON.stringify(request))));
    expect(error.message.match(/eror_rate/g)).toHaveLength(1);
    expect(error.message).toContain('rollout.canary.steps.0.success_criteria.eror_rate: unknown field (did you mean "error_rate"?)');
    expect(error.message).toContain('rollout.canary.steps.1.duration_seconds: missing');
  });

  it('refuses what Jetway cannot run yet in plain words, and a deployment body under another kind by its fields', async () => {
    const ecs = { ...baseJson(), platform_config: { type: 'ecs', run: { command: 'node server.js' } }, artifact_source: { type: 'container_registry', location: 'ghcr.io/acme/shop' } };
    const error = await errorOf(loadRequestFile(await write('ecs.json', JSON.stringify(ecs))));
    expect(error.message).toContain('platform_config.type: ecs is not available yet');
    expect(error.message).toContain('artifact_source.type: container_registry is not available yet');
    const later = await errorOf(loadRequestFile(await write('infra.json', JSON.stringify({ ...baseJson(), kind: 'infrastructure' }))));
    expect(later.message).toContain('not a valid infrastructure request');
    expect(later.message).toContain('stack: missing');
    expect(later.message).not.toMatch(/expected|received|PermanentError/);
  });

  it('refuses a Prometheus query that does not parse, naming the query and where it fails', async () => {
    const queries = { error_rate: 'sum(rate(http_requests_total{release="$release",code=~"5.."}[1m]) / sum(rate(http_requests_total{release="$release"}[1m]))' };
    const request = { ...baseJson(), rollout: { analysis: { provider: 'prometheus', prometheus: { url: 'http://127.0.0.1:9090', queries } } } };
    const error = await errorOf(loadRequestFile(await write('bad-query.json', JSON.stringify(request))));
    expect(error.message).toContain('its analysis cannot run; fix: rollout.analysis.prometheus.queries.error_rate: does not parse: ends too early at line 1, column 123');
  });

  it('lets --idempotency-key win over the file, and uses the injected key minter', async () => {
    const path = await write('k.json', JSON.stringify({ ...baseJson(), idempotency_key: 'file-key-123' }));
    expect((await loadRequestFile(path, { idempotencyKey: 'flag-key-456' })).idempotency_key).toBe('flag-key-456');
    const fresh = await write('n.json', JSON.stringify(baseJson()));
    expect((await loadRequestFile(fresh, { newKey: () => 'minted-key-789' })).idempotency_key).toBe('minted-key-789');
  });

  it('lists every bad field with its path, and the file name', async () => {
    const bad = { ...baseJson(), application_name: 'Shop!', target_environments: [], build: {} };
    const path = await write('bad.json', JSON.stringify(bad));
    const error = await errorOf(loadRequestFile(path));
    expect(error).toBeInstanceOf(RequestFileError);
    expect(error.message).toContain(`${path}: not a valid deployment request`);
    for (const field of ['application_name:', 'target_environments: name at least one environment', 'build.command: missing']) {
      expect(error.message).toContain(field);
    }
  });

  it('says where the YAML is broken', async () => {
    const error = await errorOf(loadRequestFile(await write('broken.yaml', 'kind: deployment\n  bad: [indent\n')));
    expect(error.message).toMatch(/broken\.yaml: not valid YAML: .*at line \d+, column \d+/);
  });

  it('says when the file is missing or holds no mapping', async () => {
    expect((await errorOf(loadRequestFile(join(dir, 'nope.yaml')))).message).toContain('nope.yaml: no such file; check the path');
    expect((await errorOf(loadRequestFile(await write('list.yaml', '- a\n- b\n')))).message).toContain('found a list');
    expect((await errorOf(loadRequestFile(await write('bad.json', '{"kind": ')))).message).toContain('not valid JSON');
  });
});

function baseJson(): Record<string, unknown> {
  return {
    kind: 'deployment',
    application_name: 'shop',
    artifact_source: { type: 'directory', location: 'app' },
    build: { command: 'npm run build' },
    target_environments: ['staging'],
    platform_config: { run: { command: 'node server.js' } },
  };
}
