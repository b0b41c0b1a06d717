import { readTomlKeys } from './toml-keys';

describe('readTomlKeys (the TOML subset the analysis reads)', () => {
  const toml = readTomlKeys(
    [
      'title = "top" # a comment',
      '[project]',
      "name = 'calc'",
      'requires-python = ">=3.9"',
      'dependencies = [',
      '  "requests>=2,<3",  # pinned',
      '  "rich[jupyter]",',
      ']',
      'version.major = 1',
      '',
      '[[tool.mypy.overrides]]',
      'module = "x.*"',
      '[tool.poetry.dependencies]',
      'python = "^3.11"',
      'fastapi = { version = "^0.1", extras = ["all"] }',
      '"quoted.key" = true',
      '[ tool . "hatch.envs" ]',
      'count = 1_000',
      'hash = "a#b"',
      'escaped = "say \\"hi\\""',
      'notes = """',
      'looks = "like a key"',
      '"""',
      'after = "the string"',
    ].join('\n'),
  );

  it('reads strings, numbers, booleans and arrays over several lines, with comments outside strings dropped', () => {
    expect(toml.string('', 'title')).toBe('top');
    expect(toml.string('project', 'name')).toBe('calc');
    expect(toml.strings('project', 'dependencies')).toEqual(['requests>=2,<3', 'rich[jupyter]']);
    expect(toml.get('project', 'version.major')).toBe(1);
    expect(toml.get('tool.hatch.envs', 'count')).toBe(1000);
    expect(toml.string('tool.hatch.envs', 'hash')).toBe('a#b');
    expect(toml.string('tool.hatch.envs', 'escaped')).toBe('say "hi"');
  });

  it('keeps inline tables and multi-line strings raw instead of misreading them', () => {
    expect(toml.get('tool.poetry.dependencies', 'fastapi')).toEqual({ raw: '{ version = "^0.1", extras = ["all"] }' });
    expect(toml.string('tool.poetry.dependencies', 'fastapi')).toBeUndefined();
    expect(toml.get('tool.hatch.envs', 'notes')).toEqual({ raw: '"""' });
    expect(toml.get('tool.hatch.envs', 'looks')).toBeUndefined();
    expect(toml.string('tool.hatch.envs', 'after')).toBe('the string');
  });

  it('knows tables, arrays of tables, quoted keys and nested tables', () => {
    expect(toml.keys('tool.poetry.dependencies')).toEqual(['python', 'fastapi', 'quoted.key']);
    expect(toml.hasTable('tool.mypy.overrides')).toBe(true);
    expect(toml.hasTable('tool')).toBe(false);
    expect(toml.hasTable('tool', true)).toBe(true);
    expect(toml.tablesUnder('tool.poetry')).toEqual(['tool.poetry.dependencies']);
    expect(toml.strings('project', 'name')).toEqual([]);
  });
});
