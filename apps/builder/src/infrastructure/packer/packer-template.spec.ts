import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cloudSpec } from '../infra-spec.testing';
import { packerTemplate, PACKER_TEMPLATE_PATH } from './packer-template';

const run = promisify(execFile);

/**
 * Full `packer validate` (not `-syntax-only`) with Debian's packer 1.6: the three builders check
 * their configuration without calling the cloud, so no credentials are needed. A private HOME
 * and checkpoint off keep packer from writing to or calling anything outside the test.
 */
async function packerValidate(content: string): Promise<{ code: number; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'jetway-packer-spec-'));
  try {
    await writeFile(join(dir, 'image.pkr.json'), content);
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, CHECKPOINT_DISABLE: '1', PACKER_CONFIG_DIR: join(dir, 'config'), PACKER_CACHE_DIR: join(dir, 'cache') };
    const result = await run('packer', ['validate', 'image.pkr.json'], { cwd: dir, env, timeout: 60_000 }).then(
      ({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}` }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the Packer template', () => {
  it.each(['aws', 'azure', 'gcp'] as const)('passes packer validate for %s', async (provider) => {
    const file = packerTemplate(cloudSpec({ cloud_provider: provider }));
    expect(file.path).toBe(PACKER_TEMPLATE_PATH);
    const result = await packerValidate(file.content);
    expect(result).toEqual({ code: 0, output: result.code === 0 ? result.output : 'packer validate passes' });
  });

  it('uses the builder packer 1.6 ships for each provider, with a shell provisioner', () => {
    const builders = (['aws', 'azure', 'gcp'] as const).map((provider) => {
      const template = JSON.parse(packerTemplate(cloudSpec({ cloud_provider: provider })).content) as { source: Record<string, unknown>; build: { sources: string[]; provisioner: Array<Record<string, unknown>> } };
      expect(Object.keys(template.build.provisioner[0] ?? {})).toEqual(['shell']);
      return template.build.sources;
    });
    expect(builders).toEqual([['source.amazon-ebs.image'], ['source.azure-arm.image'], ['source.googlecompute.image']]);
  });

  it('is checked for real: the same validation refuses a template missing a required setting', async () => {
    const template = JSON.parse(packerTemplate(cloudSpec({ cloud_provider: 'gcp' })).content) as { source: { googlecompute: { image: Record<string, unknown> } } };
    delete template.source.googlecompute.image['project_id'];
    const result = await packerValidate(JSON.stringify(template));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('a project_id must be specified');
  });

  it('names the stack as the image name variable and is the same for the same spec', () => {
    const first = packerTemplate(cloudSpec({ stack: 'billing' }));
    expect(first.content).toBe(packerTemplate(cloudSpec({ stack: 'billing' })).content);
    expect((JSON.parse(first.content) as { variable: { name: { default: string } } }).variable.name.default).toBe('billing');
  });
});
