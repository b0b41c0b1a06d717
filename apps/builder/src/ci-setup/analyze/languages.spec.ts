import { countLanguages, languageOf } from './languages';

describe('languages by extension', () => {
  it('counts source files per language, most first, leaving out declarations, minified bundles and non-code', () => {
    expect(countLanguages(['a.ts', 'b.tsx', 'types.d.ts', 'c.js', 'vendor.min.js', 'x.py', 'y.PY', 'README.md', 'run.sh', 'Dockerfile', 'z.go'])).toEqual([
      { name: 'python', files: 2 },
      { name: 'typescript', files: 2 },
      { name: 'go', files: 1 },
      { name: 'javascript', files: 1 },
    ]);
    expect(languageOf('App.kt')).toBe('kotlin');
    expect(languageOf('Program.cs')).toBe('csharp');
    expect(languageOf('setup.cfg')).toBeUndefined();
  });
});
