import { baseName } from './rule.model';

/** One instruction; `keyword` is upper-case, `line` is where it starts (1-based). */
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export function isDockerfile(path: string): boolean {
  const name = baseName(path);
  return /^(?:Dockerfile|Containerfile)(?:\..+)?$/i.test(name) || /\.(?:dockerfile|containerfile)$/i.test(name);
}

/**
 * Splits a Dockerfile into instructions, joining `\` continuations and dropping comment lines
 * (Docker drops them inside continuations too). Heredoc bodies are read as instructions, which is
 * harmless for the checks here: none of them looks at RUN bodies beyond pipes into a shell.
 */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (/^\s*#/.test(line) || (pending === undefined && line.trim() === '')) return;
    const continued = /\\\s*$/.test(line);
    const body = continued ? line.replace(/\\\s*$/, '') : line;
    pending = pending ? { text: `${pending.text} ${body.trim()}`, line: pending.line } : { text: body.trim(), line: index + 1 };
    if (continued) return;
    const [keyword = '', ...rest] = pending.text.split(/\s+/);
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: pending.line });
    pending = undefined;
  });
  return instructions;
}

/** Whitespace-separated words of an instruction's arguments, without `--flag` options. */
export function words(args: string): string[] {
  return args.split(/\s+/).filter((word) => word !== '' && !word.startsWith('--'));
}

/** Instructions of the last build stage (from its FROM on): the stage that becomes the image. */
export function finalStage(instructions: Instruction[]): Instruction[] {
  const lastFrom = instructions.map((i) => i.keyword).lastIndexOf('FROM');
  return lastFrom === -1 ? [] : instructions.slice(lastFrom);
}
