import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PackerMissingError, packerValidate } from './packer-validate';

// Real `packer validate` (Debian's Packer 1.6). The `null` builder and `shell-local` provisioner
// are built into packer and need no cloud credentials.
const VALID_JSON = JSON.stringify({
  variables: { app_version: '1.4.2' },
  builders: [{ type: 'null', communicator: 'none' }],
  provisioners: [{ type: 'shell-local', inline: ['echo configuring {{user `app_version`}}'] }],
});

const VALID_HCL = `source "null" "vm" {
  communicator = "none"
}

build {
  sources = ["source.null.vm"]
  provisioner "shell-local" {
    inline = ["echo configuring"]
  }
}
`;

describe('packerValidate (real packer)', () => {
  let dir: string;
  const write = async (name: string, text: string): Promise<string> => {
    await writeFile(join(dir, name), text);
    return join(dir, name);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'packer-validate-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('accepts a minimal JSON template (the format Packer 1.6 fully supports)', async () => {
    await expect(packerValidate(await write('image.json', VALID_JSON))).resolves.toEqual({ ok: true });
  });

  it('accepts a minimal HCL2 template', async () => {
    await expect(packerValidate(await write('image.pkr.hcl', VALID_HCL))).resolves.toEqual({ ok: true });
  });

  it('reports a JSON template that does not parse, with the line', async () => {
    const result = await packerValidate(await write('broken.json', '{ "builders": [\n'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/Failed to parse template: Error parsing JSON/);
    expect(result.errors[0]).toMatch(/At line 2, column 1/);
  });

  it('reports an unknown builder', async () => {
    const result = await packerValidate(await write('unknown.json', JSON.stringify({ builders: [{ type: 'nosuch' }] })));
    expect(result).toEqual({ ok: false, errors: [expect.stringContaining('Unknown builder nosuch')] });
  });

  it('reports an HCL2 argument the builder does not take, with the file and line', async () => {
    const template = await write('extra.pkr.hcl', VALID_HCL.replace('communicator = "none"', 'communicator = "none"\n  region = "eu-west-1"'));
    const result = await packerValidate(template);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toContain('Unsupported argument');
    expect(result.errors[0]).toContain(`on ${template} line 3`);
    expect(result.errors[0]).toContain('An argument named "region" is not expected here.');
  });

  it('reports a builder configuration packer refuses (ssh communicator without a host or user)', async () => {
    const result = await packerValidate(await write('ssh.json', JSON.stringify({ builders: [{ type: 'null', communicator: 'ssh' }] })));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join('\n')).toContain('An ssh_username must be specified');
  });

  it('says how to install packer when it is missing', async () => {
    const error = await packerValidate(join(dir, 'image.json'), { binary: join(dir, 'no-such-packer') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackerMissingError);
    expect((error as Error).message).toContain('sudo apt-get install packer');
  });
});
