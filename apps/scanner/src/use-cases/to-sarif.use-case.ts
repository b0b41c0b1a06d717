import type { Severity } from '@jetway/contracts';
import { RULES, type Finding, type Rule, type ScanTarget } from '../rules';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Where people learn what the scanner checks; SARIF viewers link the tool name here. */
export const SCANNER_INFORMATION_URI = 'https://github.com/jetway/jetway/tree/main/apps/scanner';

export type SarifLevel = 'error' | 'warning' | 'note';

const LEVELS: Record<Severity, SarifLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/** GitHub code scanning ranks alerts by this CVSS-like score; it keeps critical above high. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0' };

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  help: { text: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { 'security-severity': string; tags: string[] };
}

/** The `uriBaseId` of each tree: result URIs are relative to the root of the tree they are in. */
export const URI_BASE_IDS: Record<ScanTarget, 'ARTIFACT' | 'SOURCE'> = { artifact: 'ARTIFACT', source: 'SOURCE' };

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: Array<{
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: 'ARTIFACT' | 'SOURCE' };
      region: { startLine: number; snippet?: { text: string } };
    };
  }>;
}

export interface SarifRun {
  tool: { driver: { name: string; informationUri: string; version: string; rules: SarifRule[] } };
  /** What each `uriBaseId` stands for; no `uri`: a tree inside an archive has no absolute URI. */
  originalUriBaseIds: Partial<Record<'ARTIFACT' | 'SOURCE', { description: { text: string } }>>;
  results: SarifResult[];
  properties: { digest: string; source_digest?: string; targets: ScanTarget[] };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

export interface SarifMeta {
  /** The scanned artifact; the report depends on the trees only, never on the run that asked. */
  digest: string;
  /** The source tree scanned with it, when the build recorded one. */
  sourceDigest?: string;
  toolVersion?: string;
  rules?: readonly Rule[];
}

/**
 * Renders findings as a SARIF 2.1.0 log: one run over both trees, each result's location relative
 * to its tree (`uriBaseId` ARTIFACT or SOURCE). Every rule is listed so `ruleIndex` is stable
 * across reports. Messages and snippets arrive masked (see scanEntries).
 */
export function toSarif(findings: readonly Finding[], meta: SarifMeta): SarifLog {
  const rules = meta.rules ?? RULES;
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const results = findings.map((finding): SarifResult => {
    const ruleIndex = index.get(finding.ruleId);
    if (ruleIndex === undefined) throw new Error(`finding refers to unknown rule '${finding.ruleId}'`);
    if (finding.target === 'source' && !meta.sourceDigest) throw new Error('a finding in the source needs meta.sourceDigest');
    return {
      ruleId: finding.ruleId,
      ruleIndex,
      level: LEVELS[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: relativeUri(finding.file), uriBaseId: URI_BASE_IDS[finding.target] },
            // SARIF lines start at 1; a whole-file finding is reported on its first line.
            region: { startLine: Math.max(1, finding.line), ...(finding.excerpt ? { snippet: { text: finding.excerpt } } : {}) },
          },
        },
      ],
    };
  });
  const driver = {
    name: 'jetway-scanner',
    informationUri: SCANNER_INFORMATION_URI,
    version: meta.toolVersion ?? '0.1.0',
    rules: rules.map(toSarifRule),
  };
  const targets: ScanTarget[] = meta.sourceDigest ? ['artifact', 'source'] : ['artifact'];
  const originalUriBaseIds: SarifRun['originalUriBaseIds'] = {
    ARTIFACT: { description: { text: `The root of the build output ${meta.digest} (a tar.gz in the artifact store).` } },
    ...(meta.sourceDigest
      ? { SOURCE: { description: { text: `The root of the source tree ${meta.sourceDigest} the artifact was built from.` } } }
      : {}),
  };
  const properties = { digest: meta.digest, ...(meta.sourceDigest ? { source_digest: meta.sourceDigest } : {}), targets };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [{ tool: { driver }, originalUriBaseIds, results, properties }] };
}

/**
 * A POSIX path relative to a tree's root as a relative URI reference: each segment
 * percent-encoded, so `#`, `?`, `%` and a `:` in the first segment (`c:onfig`, which a URI
 * parser would read as a scheme) stay part of the file name. `encodeURI` keeps all four.
 */
export function relativeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function toSarifRule(rule: Rule): SarifRule {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.description },
    help: { text: rule.help },
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: { 'security-severity': SECURITY_SEVERITY[rule.severity], tags: ['security'] },
  };
}
