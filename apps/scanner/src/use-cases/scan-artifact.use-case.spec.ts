import { createHash } from 'node:crypto';
import { ScanOutputs, ScanTriggered, type Severity } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
import { packFiles } from './archive.testing';
import type { ArtifactReader } from './artifact-reader.port';
import { scanArtifact } from './scan-artifact.use-case';
import { sarifSchemaErrors } from './sarif-schema.testing';
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

function trigger(digest: string, failOn: Severity, sourceDigest?: string): ScanTriggered {
  return ScanTriggered.parse({
    run_id: '01JZ3K8Q9V7W6X5Y4Z3A2B1C0D',
    step_id: 'scan',
    attempt: 1,
    application: 'demo',
    digest,
    ...(sourceDigest ? { source_digest: sourceDigest } : {}),
    fail_on_severity: failOn,
  });
}

// Assembled at run time so this file does not itself look like it leaks secrets.
const AWS_KEY = 'AKIA' + 'IOSFODNN7EXAMPLE';
const GH_TOKEN = 'ghp' + '_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';

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
      top_findings: [
        {
          rule: 'dockerfile/pipe-to-shell',
          severity: 'high',
          file: 'Dockerfile',
          line: 3,
          target: 'artifact',
          excerpt: 'RUN curl -fsSL https://get.example.com | sh',
        },
      ],
      targets: ['artifact'],
      sarif_object: `sarif-${digest.slice('sha256:'.length)}`,
    });
    const sarif = JSON.parse(result.sarif) as SarifLog;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(['dockerfile/pipe-to-shell']);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
  });

  it('fails the step on a failing verdict, listing the findings and saying only the artifact was scanned', async () => {
    const { report } = await scanArtifact(trigger(digest, 'high'), { reader });
    expect(report.outcome).toBe('failed');
    expect(report.reason).toBe(
      [
        '1 finding at or above high in the artifact:',
        '- high dockerfile/pipe-to-shell Dockerfile:3 (artifact): RUN pipes curl output straight into a shell',
        'Only the artifact was scanned: no source tree came with it (no source_digest in the trigger).',
      ].join('\n'),
    );
  });

  it('passes the same artifact when the threshold is above its findings, and the step succeeds', async () => {
    const result = await scanArtifact(trigger(digest, 'critical'), { reader });
    expect(result.outputs.verdict).toBe('pass');
    expect(result.report.outcome).toBe('succeeded');
    expect(result.report.reason).toMatch(/^no finding at or above critical in the artifact; 1 finding below it \(1 high\)\nOnly the artifact was scanned/);
  });

  it('refuses bytes that do not match the digest', async () => {
    const other = `sha256:${'0'.repeat(64)}`;
    const tampered = new MemoryArtifactReader(new Map([[other.replace(':', '-'), archive]]));
    await expect(scanArtifact(trigger(other, 'high'), { reader: tampered })).rejects.toThrow(
      `digest: object sha256-${'0'.repeat(64)} holds ${digest}, not ${other}`,
    );
  });

  describe('with the source tree', () => {
    let source: Buffer;
    let sourceDigest: string;
    let both: MemoryArtifactReader;
    beforeAll(async () => {
      // The key sits in the source only (e.g. a .env the build does not copy): only scanning the source finds it.
      source = await packFiles({
        'Dockerfile': 'FROM node:20-alpine\nUSER node\nRUN curl -fsSL https://get.example.com | sh\n',
        '.env': `AWS_ACCESS_KEY_ID=${AWS_KEY}\n`,
        'notes/slack#ops.txt': `deploy token ${GH_TOKEN}\n`,
      });
      sourceDigest = digestOf(source);
      both = new MemoryArtifactReader(new Map([...reader.objects, [sourceDigest.replace(':', '-'), source]]));
    });

    it('scans both trees, reports each finding with its tree, and the verdict covers both', async () => {
      const result = await scanArtifact(trigger(digest, 'critical', sourceDigest), { reader: both });
      expect(ScanOutputs.parse(result.outputs)).toEqual(result.outputs);
      expect(result.outputs).toMatchObject({ verdict: 'fail', targets: ['artifact', 'source'], counts: { critical: 1, high: 3 } });
      expect(result.outputs.top_findings).toEqual([
        { rule: 'secret/aws-access-key-id', severity: 'critical', file: '.env', line: 1, target: 'source', excerpt: 'AWS_ACCESS_KEY_ID=AKIA…MPLE' },
        expect.objectContaining({ rule: 'dockerfile/pipe-to-shell', file: 'Dockerfile', target: 'artifact' }),
        expect.objectContaining({ rule: 'dockerfile/pipe-to-shell', file: 'Dockerfile', target: 'source' }),
        expect.objectContaining({ rule: 'secret/github-token', file: 'notes/slack#ops.txt', target: 'source', excerpt: 'deploy token ghp_…q7R8' }),
      ]);
      expect(result.report.outcome).toBe('failed');
      expect(result.report.reason).toBe(
        [
          '1 finding at or above critical in the build output and its source:',
          '- critical secret/aws-access-key-id .env:1 (source): AWS access key id AKIA…MPLE',
        ].join('\n'),
      );
    });

    it('writes one SARIF run over both trees that validates against the official schema', async () => {
      const result = await scanArtifact(trigger(digest, 'critical', sourceDigest), { reader: both });
      const sarif = JSON.parse(result.sarif) as SarifLog;
      expect(sarifSchemaErrors(sarif)).toEqual([]);
      expect(sarif.runs).toHaveLength(1);
      expect(sarif.runs[0]?.properties).toEqual({ digest, source_digest: sourceDigest, targets: ['artifact', 'source'] });
      expect(sarif.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation)).toEqual([
        { uri: '.env', uriBaseId: 'SOURCE' },
        { uri: 'Dockerfile', uriBaseId: 'ARTIFACT' },
        { uri: 'Dockerfile', uriBaseId: 'SOURCE' },
        { uri: 'notes/slack%23ops.txt', uriBaseId: 'SOURCE' },
      ]);
    });

    it('never lets a raw secret out: outputs, reason, log lines and the SARIF report are masked', async () => {
      const result = await scanArtifact(trigger(digest, 'high', sourceDigest), { reader: both });
      const leaving = JSON.stringify([result.outputs, result.report, result.sarif, result.findings]);
      expect(leaving).toContain('AKIA…MPLE');
      expect(leaving).not.toContain(AWS_KEY);
      expect(leaving).not.toContain(GH_TOKEN);
      expect(leaving).not.toContain(GH_TOKEN.slice(4, 30));
    });

    it('reads a source identical to the artifact once and reports its findings in both trees', async () => {
      const gets: string[] = [];
      const counting: ArtifactReader = { get: (name) => (gets.push(name), reader.get(name)) };
      const result = await scanArtifact(trigger(digest, 'high', digest), { reader: counting });
      expect(gets).toEqual([digest.replace(':', '-')]);
      expect(result.outputs.targets).toEqual(['artifact', 'source']);
      expect(result.outputs.top_findings.map((f) => f.target)).toEqual(['artifact', 'source']);
    });

    it('refuses source bytes that do not match the source digest, naming the field', async () => {
      const other = `sha256:${'1'.repeat(64)}`;
      const tampered = new MemoryArtifactReader(new Map([...reader.objects, [other.replace(':', '-'), source]]));
      await expect(scanArtifact(trigger(digest, 'high', other), { reader: tampered })).rejects.toThrow(
        `source_digest: object sha256-${'1'.repeat(64)} holds ${sourceDigest}, not ${other}`,
      );
    });
  });
});
