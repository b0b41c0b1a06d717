/** Quotes a word for POSIX sh when it needs quoting (`services/api` stays as is). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./@%+=:,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** `command` run in `dir` (relative to the project root); the root runs it as is. */
export function inDir(dir: string, command: string): string {
  const clean = normalizeDir(dir);
  return clean === '.' ? command : `cd ${shellQuote(clean)} && ${command}`;
}

/** `./a/b/` → `a/b`, `` → `.` */
export function normalizeDir(dir: string): string {
  const parts = dir.split('/').filter((part) => part !== '' && part !== '.');
  return parts.length === 0 ? '.' : parts.join('/');
}

/** The directory part of a relative path (`a/b/Dockerfile` → `a/b`, `Dockerfile` → `.`). */
export function dirOf(path: string): string {
  const parts = normalizeDir(path).split('/');
  return parts.length <= 1 ? '.' : parts.slice(0, -1).join('/');
}

/** The way from directory `from` to directory `to`, both relative to the project root (`services/api` → `.` is `../..`). */
export function relativeDir(from: string, to: string): string {
  const a = normalizeDir(from) === '.' ? [] : normalizeDir(from).split('/');
  const b = normalizeDir(to) === '.' ? [] : normalizeDir(to).split('/');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common += 1;
  return normalizeDir([...a.slice(common).map(() => '..'), ...b.slice(common)].join('/'));
}

/** `a` joined with `b`, relative, without `./` noise. */
export function joinPath(a: string, b: string): string {
  return normalizeDir(`${a}/${b}`);
}

/** A lowercase id usable as a job name on every platform: letters, digits and dashes. */
export function slug(text: string): string {
  const cleaned = text.toLowerCase().replace(/^@[^/]+\//, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'app' : /^[a-z]/.test(cleaned) ? cleaned : `c-${cleaned}`;
}
