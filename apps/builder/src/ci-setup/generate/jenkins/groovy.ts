/**
 * A small model of a declarative Jenkinsfile: a line, or a block `head { … }` with its body.
 * Every string that comes from the pipeline model goes through `gstr`/`gstring`, never into
 * the text as is.
 */
export type Groovy = string | { readonly head: string; readonly body: readonly Groovy[] };

export function block(head: string, body: readonly Groovy[]): Groovy {
  return { head, body };
}

/**
 * A Groovy string literal that is never interpolated: `'…'`, or a triple-quoted one when the text
 * has a quote or spans lines — there only a backslash, a run of three quotes and a closing quote
 * need escaping, so a shell command reads in the Jenkinsfile as it runs.
 */
export function gstr(text: string): string {
  const backslashed = text.replace(/\\/g, '\\\\');
  if (!text.includes("'") && !text.includes('\n')) return `'${backslashed.replace(/\r/g, '\\r')}'`;
  // No run of three unescaped quotes inside, and no unescaped quote next to the closing `'''`.
  let quoted = '';
  let run = 0;
  for (const char of backslashed) {
    const escape = char === "'" && run === 2;
    quoted += escape ? "\\'" : char;
    run = char === "'" && !escape ? run + 1 : 0;
  }
  if (run > 0) quoted = `${quoted.slice(0, -run)}${"\\'".repeat(run)}`;
  return `'''${quoted}'''`;
}

/** The text of a string literal `gstr` wrote (for tests and checks that compare commands). */
export function ungstr(literal: string): string {
  const triple = literal.startsWith("'''");
  const body = triple ? literal.slice(3, -3) : literal.slice(1, -1);
  return body.replace(/\\(.)/g, (_match, char: string) => (char === 'r' && !triple ? '\r' : char));
}

/**
 * A Groovy GString `"…"` where `${NAME}` stays an interpolation of a Jenkins environment variable
 * (`${WORKSPACE}`); every other `$`, quote and backslash is escaped.
 */
export function gstring(text: string): string {
  const parts = text.split(/(\$\{[A-Za-z_][A-Za-z0-9_.]*\})/);
  const body = parts.map((part, index) => (index % 2 === 1 ? part : part.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '\\$'))).join('');
  return `"${body}"`;
}

/** `sh(label: …, script: …)`: the shell step with a name in the stage view. */
export function sh(label: string, script: string): string {
  return `sh(label: ${gstr(label)}, script: ${gstr(script)})`;
}

export function renderGroovy(nodes: readonly Groovy[], depth = 0): string {
  const pad = '  '.repeat(depth);
  return nodes
    .map((node) => {
      // Only the first line is indented: the rest of a multi-line literal is the script itself.
      if (typeof node === 'string') return `${pad}${node}`;
      if (node.body.length === 0) return `${pad}${node.head} {}`;
      return `${pad}${node.head} {\n${renderGroovy(node.body, depth + 1)}\n${pad}}`;
    })
    .join('\n');
}
