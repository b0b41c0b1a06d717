import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const depConstraints = [
  { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:contract'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:contract'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:contract'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:app', 'type:lib', 'type:contract'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:tool', 'type:app', 'type:lib', 'type:contract'] },
];
/** Each service's one door (src/index.ts): only the e2e suite and the launcher may open it. */
const serviceDoors = ['planner', 'builder', 'scanner', 'deployer', 'monitor-configurator', 'notifier', 'cli'].map(
  (name) => `@jetway/${name}`,
);

/** Test-support doors (src/testing.ts): fixtures a tool reuses rather than copies; never production code. */
const testSupportDoors = ['@jetway/deployer/testing'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.jetway/**', '.nx/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
    },
  },
  {
    files: ['apps/mesh-e2e/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: serviceDoors, depConstraints }],
    },
  },
  {
    files: ['tools/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [...serviceDoors, ...testSupportDoors], depConstraints }],
    },
  },
);
