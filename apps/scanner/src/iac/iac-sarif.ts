import type { Rule } from '../rules';
import { toSarif, type SarifLog } from '../use-cases/to-sarif.use-case';
import type { IacRule } from './iac-rule';
import { IAC_RULES } from './rules';
import type { IacFinding } from './scan-iac';

/** An IaC rule as the SARIF writer lists rules (it reads the id, name, severity and texts only). */
function asRule(rule: IacRule): Rule {
  const frameworks = rule.frameworks.length > 0 ? ` Backs controls of: ${rule.frameworks.join(', ')}.` : '';
  return { id: rule.id, name: rule.title, severity: rule.severity, description: rule.title, help: `${rule.fix}${frameworks}`, appliesTo: () => false, check: () => [] };
}

/** The IaC findings of a bundle as SARIF 2.1.0, by the scanner's one SARIF writer: locations relative to the bundle's root. */
export function iacSarif(findings: readonly IacFinding[], digest: string, rules: readonly IacRule[] = IAC_RULES): SarifLog {
  const asFindings = findings.map((f) => ({ ruleId: f.rule, severity: f.severity, target: 'artifact' as const, file: f.file, line: f.line, message: `${f.subject}: ${f.message}` }));
  return toSarif(asFindings, { digest, rules: rules.map(asRule) });
}

/** The IaC rules as the SARIF writer lists rules: what a report with IaC findings among others appends to its rule list. */
export function iacRulesForSarif(rules: readonly IacRule[] = IAC_RULES): Rule[] {
  return rules.map(asRule);
}
