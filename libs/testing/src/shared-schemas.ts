import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/**
 * Where the official schemas live (`shared/schemas`, kept beside the project, not in it): the
 * first `shared/schemas` next to the checkout or one of its ancestors (`../shared/schemas` for
 * /work/main), or `JETWAY_SCHEMAS_DIR`. Throws naming where it looked, never skips.
 */
export function sharedSchemasDir(env: NodeJS.ProcessEnv = process.env): string {
  const looked: string[] = [];
  if (env['JETWAY_SCHEMAS_DIR']) return env['JETWAY_SCHEMAS_DIR'];
  for (let dir = dirname(ROOT); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'schemas');
    looked.push(candidate);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`the official schemas (shared/schemas) are not beside this checkout; looked in ${looked.join(', ')}; set JETWAY_SCHEMAS_DIR`);
}

/** The path of one official schema, e.g. `sarif-2.1.0.json`; throws when it is not there. */
export function sharedSchemaPath(file: string): string {
  const path = join(sharedSchemasDir(), file);
  if (!existsSync(path)) throw new Error(`${path} is missing: see shared/schemas/README.md`);
  return path;
}
