import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sharedSchemaPath } from '@jetway/testing';
import { vendoredSchemaPath } from './vendored-schema';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('schemas kept for run time (libs/ci-validators/schemas)', () => {
  it.each(['circleciconfig.json', 'azure-pipelines.json'])('%s is byte for byte the official copy in shared/schemas', (file) => {
    expect(sha256(vendoredSchemaPath(file))).toBe(sha256(sharedSchemaPath(file)));
  });

  it('says where it looked when a schema is missing', () => {
    expect(() => vendoredSchemaPath('nope.json', { NODE_PATH: '/opt/jetway/node_modules' })).toThrow(/libs\/ci-validators\/schemas\/nope\.json is not beside this code; looked in .*\/opt\/jetway/);
  });
});
