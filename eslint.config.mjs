import tseslint from 'typescript-eslint';

// src/core never imports vscode, and its layers point down (DESIGN.md):
// tracking, reports, imports -> store -> session -> the root helpers (ports, errors, time, settings).
function coreLayers() {
  const noVscode = { name: 'vscode', message: 'src/core must run in plain Node: no vscode.' };
  const forbid = (files, layers, why) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noVscode], patterns: layers.length ? [{ group: layers.flatMap((l) => [`../${l}/*`, `./${l}/*`]), message: why }] : [] },
      ],
    },
  });
  return [
    forbid(['src/core/**/*.ts'], [], ''),
    forbid(['src/core/*.ts'], ['session', 'store', 'tracking', 'reports', 'imports'], 'the root helpers sit below every layer.'),
    forbid(['src/core/session/**/*.ts'], ['store', 'tracking', 'reports', 'imports'], 'session/ is the bottom layer: it uses only the root helpers.'),
    forbid(['src/core/store/**/*.ts'], ['tracking', 'reports', 'imports'], 'store/ uses session/ only; tracking, reports and imports sit above it.'),
    forbid(['src/core/reports/**/*.ts'], ['tracking', 'imports'], 'reports/, tracking/ and imports/ are siblings above store/.'),
    forbid(['src/core/tracking/**/*.ts'], ['reports', 'imports'], 'reports/, tracking/ and imports/ are siblings above store/.'),
    forbid(['src/core/imports/**/*.ts'], ['reports', 'tracking'], 'reports/, tracking/ and imports/ are siblings above store/.'),
  ];
}

export default tseslint.config(
  { ignores: ['sample/**', 'dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'artifacts/**', '*.js', '*.mjs', 'scripts/**/*.js', 'media/*.js'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  ...coreLayers(),
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      // Tests read JSON written by the code under test; its shape is what they assert on.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
    },
  },
);
