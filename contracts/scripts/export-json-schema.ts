import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SCHEMA_DIR, generateContractArtifacts } from './contract-artifacts';
import { withSubjectsTable } from './subjects-table';

/**
 * `npm run contracts:export`: writes contracts/generated/ (JSON Schema per subject and query,
 * asyncapi.yaml) and the README's subjects table from the zod contracts and the step kinds. Stale schema files of removed subjects are deleted.
 * Run from the repository root; commit the result (a spec fails when it is stale).
 */
const root = resolve(__dirname, '..', '..');
const files = generateContractArtifacts();

const schemaDir = join(root, SCHEMA_DIR);
mkdirSync(schemaDir, { recursive: true });
for (const existing of readdirSync(schemaDir)) {
  if (!files.has(`${SCHEMA_DIR}/${existing}`)) rmSync(join(schemaDir, existing));
}
for (const [path, content] of files) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}
// The README's subjects table is derived from the step kinds too.
const readme = join(root, 'README.md');
writeFileSync(readme, withSubjectsTable(readFileSync(readme, 'utf8')));
process.stdout.write(`contracts:export wrote ${files.size} files under contracts/generated/ and the subjects table in README.md\n`);
