import type { ComplianceFramework, Severity } from '@jetway/contracts';
import type { IacContext, IacRule } from './iac-rule';
import { IAC_RULES } from './rules';
import { parseTerraform } from './terraform-model';

/** One finding: the rule, where, what, how to fix it, and which requested frameworks it concerns. */
export interface IacFinding {
  readonly rule: string;
  readonly severity: Severity;
  readonly title: string;
  readonly file: string;
  readonly line: number;
  readonly subject: string;
  readonly message: string;
  readonly fix: string;
  /** The frameworks the request asked for that this rule backs (empty: good practice only). */
  readonly frameworks: readonly ComplianceFramework[];
}

/**
 * Parses the Terraform files with a real HCL2 parser and runs every IaC policy rule on them.
 * Every rule runs whatever frameworks were requested; a finding names those it concerns.
 */
export async function scanTerraform(
  files: ReadonlyArray<{ path: string; content: string }>,
  context: IacContext & { compliance: readonly ComplianceFramework[]; variables?: Readonly<Record<string, unknown>> },
  rules: readonly IacRule[] = IAC_RULES,
): Promise<IacFinding[]> {
  const model = await parseTerraform(files, context.variables);
  return rules.flatMap((rule) =>
    rule.check(model, context).map((hit) => ({
      rule: rule.id,
      severity: rule.severity,
      title: rule.title,
      fix: rule.fix,
      frameworks: rule.frameworks.filter((f) => context.compliance.includes(f)),
      ...hit,
    })),
  );
}
