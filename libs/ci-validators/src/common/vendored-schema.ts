import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

const HOME = join('libs', 'ci-validators', 'schemas');

/**
 * Where a schema kept in libs/ci-validators/schemas is (see its README): the project holding this
 * file — in the source tree, or the checkout whose code was compiled into `.jetway/js` or `dist/`
 * (the image copies libs/) — or the project whose node_modules NODE_PATH names (services compiled
 * outside the checkout). Throws naming where it looked.
 */
export function vendoredSchemaPath(file: string, env: NodeJS.ProcessEnv = process.env): string {
  const roots: string[] = [];
  for (let dir = __dirname; ; dir = dirname(dir)) {
    roots.push(dir);
    if (dirname(dir) === dir) break;
  }
  for (const modules of (env['NODE_PATH'] ?? '').split(delimiter).filter(Boolean)) roots.push(dirname(modules));
  const candidates = roots.map((root) => join(root, HOME, file));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`${join(HOME, file)} is not beside this code; looked in ${roots.join(', ')}`);
  return found;
}

export function readVendoredSchema(file: string): object {
  return JSON.parse(readFileSync(vendoredSchemaPath(file), 'utf8')) as object;
}
