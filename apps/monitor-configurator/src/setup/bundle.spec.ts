import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packBundle, unpackBundle, writeBundle } from './bundle';

const files = [
  { path: 'prometheus/prometheus.yml', content: 'global: {}\n' },
  { path: 'alertmanager/alertmanager.yml', content: 'route: {}\n' },
];

describe('a monitoring bundle as stored', () => {
  it('has one digest for the same files in any order, and unpacks to them sorted by path', () => {
    const a = packBundle(files);
    const b = packBundle([...files].reverse());
    expect(a.digest).toBe(b.digest);
    expect(a.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(unpackBundle(a.bytes, a.digest).map((f) => f.path)).toEqual(['alertmanager/alertmanager.yml', 'prometheus/prometheus.yml']);
    expect(packBundle([{ ...files[0]!, content: 'global: {scrape_interval: 1s}\n' }]).digest).not.toBe(a.digest);
  });

  it('refuses bytes that are not the digest’s, a path out of the bundle, and two files at one path', () => {
    const { bytes, digest } = packBundle(files);
    expect(() => unpackBundle(Buffer.concat([bytes, Buffer.from(' ')]), digest)).toThrow(/has digest sha256:/);
    const evil = packBundle([{ path: '../etc/passwd', content: 'x' }]);
    expect(() => unpackBundle(evil.bytes, evil.digest)).toThrow('files.0.path: must be a relative path inside the bundle');
    expect(() => packBundle([...files, files[0]!])).toThrow('two generated files have the path prometheus/prometheus.yml');
  });

  it('writes the files under a directory for the tools that read files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jetway-bundle-'));
    try {
      await writeBundle(files, dir);
      expect(await readFile(join(dir, 'prometheus/prometheus.yml'), 'utf8')).toBe('global: {}\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
