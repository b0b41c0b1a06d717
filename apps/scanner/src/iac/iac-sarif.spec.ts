import { sarifSchemaErrors } from '../use-cases/sarif-schema.testing';
import { iacSarif } from './iac-sarif';
import { CLEAN_MAIN_TF } from './iac-fixtures.testing';
import { scanTerraform } from './scan-iac';

describe('IaC findings as SARIF', () => {
  it('validates against the SARIF 2.1.0 schema, each result at its file and line', async () => {
    const planted = CLEAN_MAIN_TF.replace('publicly_accessible     = false', 'publicly_accessible     = true');
    const findings = await scanTerraform([{ path: 'modules/data/main.tf', content: planted }], { environment: 'production', compliance: ['hipaa'] });
    const log = iacSarif(findings, `sha256:${'e'.repeat(64)}`);
    expect(sarifSchemaErrors(log)).toEqual([]);
    const [result] = log.runs[0]?.results ?? [];
    expect(result).toMatchObject({ ruleId: 'IAC006', level: 'error', message: { text: 'aws_db_instance.orders: publicly_accessible is true' } });
    expect(result?.locations[0]?.physicalLocation).toMatchObject({ artifactLocation: { uri: 'modules/data/main.tf' }, region: { startLine: findings[0]?.line } });
    expect(log.runs[0]?.tool.driver.rules.length).toBeGreaterThanOrEqual(20);
  });
});
