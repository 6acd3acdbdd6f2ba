/**
 * The layering, checked on every `npm test` (test/integration/architecture/layering.test.ts) and so in CI.
 * Layers, lowest first: lib → contracts (src/contracts and each area's contract.ts) → rules → db → access → kernel →
 * areas (src/modules/<area>) → http → cli and tools. A layer imports only from layers below it (and itself).
 * An area is used by other areas and by everything above through its index.ts only (contract.ts and area.ts are
 * its declarations for the gatherers). The web imports only contracts, rules and lib (all pure) from the server.
 */
const CONTRACTS = '^src/contracts/|^src/modules/[^/]+/contract\\.ts$';
/** The db layer: src/db and each area's table declarations (`<area>.tables.ts`, types only), gathered by schema.ts. */
const DB = '^src/db/|^src/modules/[^/]+/[^/]+\\.tables\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'No import cycle, inside an area or between areas: an area that needs another one\'s change hooks registers them.',
      severity: 'error',
      from: { path: '^(src|web/src|tools|bench)/' },
      to: { circular: true },
    },
    {
      name: 'area-internals-from-area',
      comment: 'An area uses another area through that area\'s index.ts (its public surface) only.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/(index|contract)\\.ts$', DB] },
    },
    {
      name: 'area-internals-from-outside',
      comment: 'Outside the areas (http, cli, tools, bench, kernel), an area is reached through its index.ts; the gatherers also read area.ts and contract.ts.',
      severity: 'error',
      from: { path: '^(src|tools|bench)/', pathNot: '^src/modules/[^/]+/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/[^/]+/(index|contract|area)\\.ts$', DB] },
    },
    {
      name: 'lib-is-the-bottom',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^(src|web/src|tools)/', pathNot: '^src/lib/' },
    },
    {
      name: 'contracts-import-down-only',
      comment: 'Contracts are shared with the web: pure, and above lib only.',
      severity: 'error',
      from: { path: CONTRACTS },
      to: { path: '^(src|web/src|tools)/', pathNot: [CONTRACTS, '^src/lib/'] },
    },
    {
      name: 'rules-import-down-only',
      comment: 'Rules are pure and versioned: contracts and lib only.',
      severity: 'error',
      from: { path: '^src/rules/' },
      to: { path: '^(src|web/src|tools)/', pathNot: [CONTRACTS, '^src/lib/', '^src/rules/'] },
    },
    {
      name: 'db-imports-down-only',
      severity: 'error',
      from: { path: DB },
      to: { path: '^(src|web/src|tools)/', pathNot: [CONTRACTS, '^src/lib/', '^src/rules/', DB, '^src/config\\.ts$'] },
    },
    {
      name: 'access-imports-down-only',
      severity: 'error',
      from: { path: '^src/access/' },
      to: { path: '^(src|web/src|tools)/', pathNot: [CONTRACTS, '^src/lib/', '^src/rules/', DB, '^src/access/'] },
    },
    {
      name: 'kernel-imports-down-only',
      comment: 'The kernel serves the areas and knows none of them.',
      severity: 'error',
      from: { path: '^src/kernel/' },
      to: { path: '^(src|web/src|tools)/', pathNot: [CONTRACTS, '^src/lib/', '^src/rules/', DB, '^src/access/', '^src/kernel/', '^src/config\\.ts$'] },
    },
    {
      name: 'areas-below-http-and-cli',
      comment: 'An area may use the route plumbing (src/http/context.ts, locale.ts) but nothing else of the http layer, nor cli or tools.',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^(src/cli/|src/http/(?!(context|locale)\\.ts$)|tools/|bench/|web/)' },
    },
    {
      name: 'web-imports-contracts-and-rules',
      comment: 'The web app bundles only pure server code: contracts, rules and lib.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^(src|tools|bench)/', pathNot: [CONTRACTS, '^src/rules/', '^src/lib/'] },
    },
    {
      name: 'no-test-code-in-the-product',
      severity: 'error',
      from: { path: '^(src|web/src|tools)/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^test/|\\.test\\.tsx?$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^web/dist/' },
    // Type-only imports count like any other (the web must not even name a server type outside contracts).
    // TypeScript 5 parses (tools/layering/typescript-5.mjs): TypeScript 7 has no JavaScript API.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
    moduleSystems: ['es6'],
  },
};
