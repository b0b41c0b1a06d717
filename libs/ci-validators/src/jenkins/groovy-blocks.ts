/**
 * Just enough of Groovy's lexical structure to see a Jenkinsfile's blocks: comments, the string
 * forms ('…', "…" with ${…}, '''…''', """…"""), and the brackets outside them. Slashy strings
 * (`/…/`) are not recognised: a Jenkinsfile's `/` outside a string is a path or a division.
 */

/** `name(args) { … }` or `name { … }`; `args` holds the string literals in its header. */
export interface Block {
  name: string;
  args: string[];
  /** The header as written, e.g. `stage('Build')`; `agent any` style statements are not blocks. */
  header: string;
  line: number;
  children: Block[];
  /** The statements directly inside, other than child blocks (one per line, trimmed). */
  statements: Array<{ text: string; line: number }>;
}

export interface GroovyStructure {
  /** The top level as a block named '' (its children are the top-level blocks). */
  root: Block;
  /** Unbalanced brackets, unterminated strings or comments: the structure is unreliable when any. */
  errors: Array<{ message: string; line: number }>;
}

const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

export function readGroovyBlocks(text: string): GroovyStructure {
  const errors: GroovyStructure['errors'] = [];
  const root: Block = { name: '', args: [], header: '', line: 1, children: [], statements: [] };
  const stack: Array<{ char: string; line: number; block?: Block }> = [];
  let current = root;
  let header = '';
  let headerLine = 1;
  let strings: string[] = [];
  let line = 1;

  const flush = () => {
    const statement = header.trim();
    if (statement !== '' && stack.every((open) => open.char === '{')) current.statements.push({ text: statement, line: headerLine });
    header = '';
    strings = [];
  };
  const append = (piece: string) => {
    if (header.trim() === '') headerLine = line;
    header += piece;
  };

  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    const next = text[i + 1] ?? '';
    if (char === '\n') {
      line++;
      if (stack.length === 0 || stack[stack.length - 1]?.char === '{') flush();
      else append(' ');
    } else if (char === '/' && next === '/') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (char === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) {
        errors.push({ message: 'a /* comment is never closed', line });
        break;
      }
      line += countLines(text.slice(i, end));
      i = end + 1;
    } else if (char === "'" || char === '"') {
      const literal = readString(text, i);
      if (!literal) {
        errors.push({ message: `a string opened with ${text.startsWith(char.repeat(3), i) ? char.repeat(3) : char} is never closed`, line });
        break;
      }
      append(text.slice(i, literal.end + 1));
      strings.push(literal.value);
      line += countLines(text.slice(i, literal.end));
      i = literal.end;
    } else if (char === '{') {
      // `stage('x')` on one line and `{` on the next: the statement before is the header
      const previous = header.trim() === '' ? current.statements[current.statements.length - 1] : undefined;
      if (previous && /^[A-Za-z_][\w.]*\s*(\(.*\))?$/.test(previous.text)) {
        current.statements.pop();
        header = previous.text;
        headerLine = previous.line;
        strings = [...previous.text.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? '');
      }
      const words = header.trim();
      const name = /^[A-Za-z_][\w.]*/.exec(words)?.[0] ?? '';
      const block: Block = { name, args: strings, header: words, line: words === '' ? line : headerLine, children: [], statements: [] };
      current.children.push(block);
      stack.push({ char, line, block: current });
      current = block;
      header = '';
      strings = [];
    } else if (char === '(' || char === '[') {
      stack.push({ char, line });
      append(char);
    } else if (char === '}' || char === ')' || char === ']') {
      const open = stack.pop();
      if (!open || CLOSING[open.char] !== char) {
        errors.push({ message: open ? `'${char}' closes the '${open.char}' opened on line ${open.line}` : `'${char}' closes nothing`, line });
        break;
      }
      if (char === '}') {
        flush();
        current = open.block ?? root;
      } else append(char);
    } else if (char === ';' && stack[stack.length - 1]?.char === '{') {
      flush();
    } else {
      append(char);
    }
  }
  const unclosed = stack[stack.length - 1];
  if (errors.length === 0 && unclosed) errors.push({ message: `the '${unclosed.char}' opened on line ${unclosed.line} is never closed`, line: unclosed.line });
  flush();
  return { root, errors };
}

function countLines(text: string): number {
  let count = 0;
  for (const char of text) if (char === '\n') count++;
  return count;
}

/** The literal starting at `start` (a quote): its end index and its text; undefined when it never ends. */
function readString(text: string, start: number): { end: number; value: string } | undefined {
  const quote = text[start] ?? '';
  const triple = text.startsWith(quote.repeat(3), start);
  const delimiter = triple ? quote.repeat(3) : quote;
  let depth = 0;
  for (let i = start + delimiter.length; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') {
      i++;
    } else if (!triple && char === '\n') {
      return undefined;
    } else if (quote === '"' && char === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (depth > 0 && char === '}') {
      depth--;
    } else if (depth === 0 && text.startsWith(delimiter, i)) {
      return { end: i + delimiter.length - 1, value: text.slice(start + delimiter.length, i) };
    }
  }
  return undefined;
}
