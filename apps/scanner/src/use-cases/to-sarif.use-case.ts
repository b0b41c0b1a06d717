import type { Severity } from '@jetway/contracts';
import { RULES, type Finding, type Rule } from '../rules';

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

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<{
    tool: { driver: { name: string; informationUri: string; version: string; rules: SarifRule[] } };
    results: SarifResult[];
    properties: { digest: string };
  }>;
}

export interface SarifMeta {
  /** The scanned artifact; the report depends on the digest only, never on the run that asked. */
  digest: string;
  toolVersion?: string;
  rules?: readonly Rule[];
}

/** Renders findings as a SARIF 2.1.0 log; every rule is listed so `ruleIndex` is stable across reports. */
export function toSarif(findings: readonly Finding[], meta: SarifMeta): SarifLog {
  const rules = meta.rules ?? RULES;
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const results = findings.map((finding): SarifResult => {
    const ruleIndex = index.get(finding.ruleId);
    if (ruleIndex === undefined) throw new Error(`finding refers to unknown rule '${finding.ruleId}'`);
    return {
      ruleId: finding.ruleId,
      ruleIndex,
      level: LEVELS[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(finding.file) },
            // SARIF lines start at 1; a whole-file finding is reported on its first line.
            region: { startLine: Math.max(1, finding.line) },
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
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [{ tool: { driver }, results, properties: { digest: meta.digest } }] };
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
