import { createHash } from 'node:crypto';
import { ScanOutputs, ScanTriggered, type Severity } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import { packFiles } from './archive.testing';
import type { ArtifactReader } from './artifact-reader.port';
import { scanArtifact } from './scan-artifact.use-case';
import type { SarifLog } from './to-sarif.use-case';

/** Stands in for the Object Store adapter (tested on its own against a real nats-server). */
class MemoryArtifactReader implements ArtifactReader {
  constructor(readonly objects = new Map<string, Buffer>()) {}
  async get(name: string): Promise<Buffer> {
    const object = this.objects.get(name);
    if (!object) throw new PermanentError(`no object ${name}`);
    return object;
  }
}

const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

function trigger(digest: string, failOn: Severity): ScanTriggered {
  return ScanTriggered.parse({ run_id: '01JZ3K8Q9V7W6X5Y4Z3A2B1C0D', step_id: 'scan', attempt: 1, application: 'demo', digest, fail_on_severity: failOn });
}

describe('scanArtifact', () => {
  let archive: Buffer;
  let digest: string;
  let reader: MemoryArtifactReader;
  beforeAll(async () => {
    archive = await packFiles({
      'Dockerfile': 'FROM node:20-alpine\nUSER node\nRUN curl -fsSL https://get.example.com | sh\n',
      'package.json': JSON.stringify({ name: 'demo', dependencies: { express: '^4.19.2' } }),
      'package-lock.json': '{}',
      'server.js': 'require("http")\n',
    });
    digest = digestOf(archive);
    reader = new MemoryArtifactReader(new Map([[digest.replace(':', '-'), archive]]));
  });

  it('returns ScanOutputs and a SARIF report for the digest', async () => {
    const result = await scanArtifact(trigger(digest, 'high'), { reader });
    expect(ScanOutputs.parse(result.outputs)).toEqual(result.outputs);
    expect(result.outputs).toEqual({
      digest,
      verdict: 'fail',
      counts: { low: 0, medium: 0, high: 1, critical: 0 },
      top_findings: [{ rule: 'dockerfile/pipe-to-shell', severity: 'high', file: 'Dockerfile', line: 3 }],
      sarif_object: `sarif-${digest.slice('sha256:'.length)}`,
    });
    const sarif = JSON.parse(result.sarif) as SarifLog;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(['dockerfile/pipe-to-shell']);
  });

  it('passes the same artifact when the threshold is above its findings', async () => {
    expect((await scanArtifact(trigger(digest, 'critical'), { reader })).outputs.verdict).toBe('pass');
  });

  it('refuses bytes that do not match the digest', async () => {
    const other = `sha256:${'0'.repeat(64)}`;
    const tampered = new MemoryArtifactReader(new Map([[other.replace(':', '-'), archive]]));
    await expect(scanArtifact(trigger(other, 'high'), { reader: tampered })).rejects.toThrow(
      `digest: object sha256-${'0'.repeat(64)} holds ${digest}, not ${other}`,
    );
  });
});
