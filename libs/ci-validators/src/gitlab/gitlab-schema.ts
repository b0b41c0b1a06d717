import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';

/** Where GitLab's schema (`ci.json`, `$id` https://gitlab.com/.gitlab-ci.yml) starts in gitlab-ci-local's bundle. */
const ANCHOR = '{$schema:"http://json-schema.org/draft-07/schema#",$id:"https://gitlab.com/.gitlab-ci.yml"';

/**
 * GitLab's own CI schema as the npm package `gitlab-ci-local` bundles it. The package ships no
 * `schema.json` file: its build inlines `src/schema.json` (GitLab's
 * `app/assets/javascripts/editor/schema/ci.json`, fetched by its `fetch-schema` script) into
 * `dist/index.js` as an object literal, and its CLI runs on import. So the literal is cut out of
 * the bundle (brackets matched outside strings) and evaluated alone in an empty context: data,
 * not the package's code. gitlab-ci-local's own relaxations (it deletes a few patterns and adds
 * its `gcl*` keys at run time) are not applied: this is the schema GitLab's editor uses.
 */
export function loadGitlabSchema(bundlePath: string = gitlabCiLocalBundle()): object {
  const text = readFileSync(bundlePath, 'utf8');
  const start = text.indexOf(ANCHOR);
  if (start === -1) throw new Error(`GitLab's schema is not in ${bundlePath} (gitlab-ci-local's bundle changed shape)`);
  const literal = text.slice(start, matchingBrace(text, start) + 1);
  const schema = runInNewContext(`(${literal})`, Object.create(null) as object, { timeout: 5_000 }) as unknown;
  return JSON.parse(JSON.stringify(schema)) as object;
}

export function gitlabCiLocalBundle(): string {
  return join(require.resolve('gitlab-ci-local/package.json'), '..', 'dist', 'index.js');
}

/** The index of the `}` closing the `{` at `open`, skipping brackets inside string literals. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || char === "'" || char === '`') {
      i = stringEnd(text, i);
    } else if (char === '{' || char === '[') {
      depth++;
    } else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new Error("GitLab's schema literal in gitlab-ci-local's bundle never closes");
}

function stringEnd(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  throw new Error('unterminated string in gitlab-ci-local bundle');
}
