/** Where ansible says a parse error is: "The error appears to be in '<file>': line N, column M". */
export interface ErrorLocation {
  file: string;
  line: number;
  column: number;
}

const LOCATION = /The error appears to be in '([^']+)': line (\d+), column (\d+)/;

export function errorLocation(output: string): ErrorLocation | undefined {
  const match = LOCATION.exec(output);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { file: match[1], line: Number(match[2]), column: Number(match[3]) };
}

/**
 * Ansible's own explanation, without the quoted source that follows it: the text from the
 * first `ERROR!` up to "The error appears to be in", whitespace folded to single spaces.
 */
export function ansibleMessage(output: string): string {
  const start = output.indexOf('ERROR!');
  const text = start >= 0 ? output.slice(start + 'ERROR!'.length) : output;
  const end = text.indexOf('The error appears to be in');
  const message = (end >= 0 ? text.slice(0, end) : text).replace(/\s+/g, ' ').trim();
  return message || 'ansible-playbook failed without a message';
}
