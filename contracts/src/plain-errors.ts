import { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

/** `"a"` for strings, `7` for numbers: a value as the user would write it in YAML or JSON. */
function shown(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

function oneOf(values: readonly unknown[]): string {
  if (values.length === 1) return `must be ${shown(values[0])}`;
  return `must be one of ${values.map(shown).join(', ')}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'must be text',
  number: 'must be a number',
  int: 'must be a whole number',
  boolean: 'must be true or false',
  array: 'must be a list',
  object: 'must be a map of fields',
  record: 'must be a map of names to values',
  date: 'must be a date',
};

function invalidType(issue: Extract<Issue, { code: 'invalid_type' }>): string {
  if (issue.input === undefined) return 'missing';
  if (issue.input === null) return `must not be empty (null); ${TYPE_WORDS[issue.expected] ?? `must be ${issue.expected}`}`;
  return TYPE_WORDS[issue.expected] ?? `must be ${issue.expected}`;
}

function bound(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  const small = issue.code === 'too_small';
  switch (issue.origin) {
    case 'string':
      if (small && limit === 1) return 'must not be empty';
      return `must be at ${small ? 'least' : 'most'} ${limit} characters long`;
    case 'array':
    case 'set':
      if (small && limit === 1) return 'must list at least one item';
      return `must list at ${small ? 'least' : 'most'} ${limit} items`;
    default: {
      const exclusive = issue.inclusive === false;
      if (small) return exclusive ? `must be more than ${limit}` : `must be at least ${limit}`;
      return exclusive ? `must be less than ${limit}` : `must be at most ${limit}`;
    }
  }
}

function format(issue: Extract<Issue, { code: 'invalid_format' }>): string {
  switch (issue.format) {
    case 'regex':
      return `must match ${issue.pattern ?? 'the expected pattern'}`;
    case 'url':
      return 'must be a URL, e.g. http://host:8080/path';
    case 'datetime':
      return 'must be a date and time, e.g. 2026-11-30T12:00:00Z';
    case 'starts_with':
      return `must start with ${shown(issue['prefix'])}`;
    default:
      return `must be a valid ${issue.format}`;
  }
}

/**
 * Zod's issues in the words a user fixes a file with: "missing", "must be a number", "must be one
 * of …" — never zod's internal phrasing ("expected object, received undefined"). Installed as zod's
 * locale (lowest precedence), so messages a schema writes itself ("give the command that …") win.
 */
export function plainMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(issue);
    case 'too_small':
    case 'too_big':
      return bound(issue);
    case 'invalid_format':
      return format(issue);
    case 'invalid_value':
      return oneOf(issue.values);
    case 'invalid_union':
      if (issue.input === undefined) return 'missing';
      return issue.discriminator && Array.isArray(issue['options']) ? oneOf(issue['options']) : 'does not match any of the accepted forms';
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_key':
      return 'has a name that is not allowed here';
    default:
      return 'is not valid here';
  }
}

z.config({ localeError: plainMessage });
