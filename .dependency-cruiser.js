// Layer rules of docs/architecture.md ("Dependency direction") and house style, checked by `npm run lint`.
// Run through scripts/depcruise.mjs: the depcruise CLI refuses Node 20 (it asks for Node 22 or later).

/** Test code and test helpers may read workflow files from disk; the purity rules are about shipped code. */
const TEST_CODE = ['\\.(spec|int-spec|e2e-spec)\\.ts$', '\\.contract\\.ts$', '/testing/'];

/** Packages that do I/O or bring a framework: never in the domain nor in the pure parts of the workflow lib. */
const IO_PACKAGES = '(^|/)node_modules/(@nestjs|ioredis|bullmq|better-sqlite3|@kurrent)/';
const IO_CORE_MODULES = '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|tls|cluster|worker_threads|readline)$';

const DOMAIN = '^libs/domain/src/';
const PURE_WORKFLOW = '^libs/workflow/src/(definition|calendar)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle makes load order matter and hides which module owns what. A cycle closed only by type imports ' +
        '(erased at compile time: an answer-type registry naming the types its controllers return) loads in no order.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'domain-no-io',
      severity: 'error',
      comment: 'libs/domain is pure: no NestJS, Redis, BullMQ, store client or I/O module (house style).',
      from: { path: DOMAIN, pathNot: TEST_CODE },
      to: { path: [IO_PACKAGES, IO_CORE_MODULES] },
    },
    {
      name: 'domain-only-pure-workflow',
      severity: 'error',
      comment:
        'libs/domain depends on nothing of ours but the workflow definitions and the calendar (docs/architecture.md). ' +
        'The @kntc/workflow entry itself must then re-export only those; see domain-reaches-only-pure-code.',
      from: { path: DOMAIN, pathNot: TEST_CODE },
      to: { path: '^(libs|apps)/', pathNot: [DOMAIN, PURE_WORKFLOW, '^libs/workflow/src/index\\.ts$'] },
    },
    {
      name: 'domain-reaches-only-pure-code',
      severity: 'error',
      comment:
        'Importing @kntc/domain must not load I/O code through a barrel: everything the domain reaches, ' +
        'directly or not, stays in libs/domain and libs/workflow/src/{definition,calendar}.',
      from: { path: DOMAIN, pathNot: TEST_CODE },
      to: {
        reachable: true,
        path: [IO_PACKAGES, IO_CORE_MODULES, '^libs/workflow/src/(?!definition/|calendar/|index\\.ts$)', '^libs/(?!domain/|workflow/)', '^apps/'],
      },
    },
    {
      name: 'pure-workflow-no-io',
      severity: 'error',
      comment: 'Workflow definitions and the working-day calendar are pure data and functions: no I/O, no framework.',
      from: { path: PURE_WORKFLOW, pathNot: TEST_CODE },
      to: { path: [IO_PACKAGES, IO_CORE_MODULES] },
    },
    {
      name: 'pure-workflow-only-itself',
      severity: 'error',
      comment: 'The pure parts of libs/workflow import only each other (the loaders read files and stay outside).',
      from: { path: PURE_WORKFLOW, pathNot: TEST_CODE },
      to: { path: '^(libs|apps)/', pathNot: PURE_WORKFLOW },
    },
    {
      name: 'libs-not-to-apps',
      severity: 'error',
      comment: 'Apps wire libs together; a lib never depends on an app.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'adapters-only-through-event-store-index',
      severity: 'error',
      comment: 'The domain and the use cases see the EventStore port; adapters are chosen through @kntc/event-store.',
      from: { path: '^libs/(domain|cases)/' },
      to: { path: '^libs/event-store/src/(sqlite|kurrentdb)/' },
    },
    {
      name: 'libs-through-aliases',
      severity: 'error',
      comment: 'Another lib is imported through its @kntc/* alias, never by a relative path (house style).',
      from: { path: '^(apps|libs)/([^/]+)/' },
      to: { path: '^libs/', pathNot: '^libs/$2/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'tests-use-aliases',
      severity: 'error',
      comment: 'Tests outside libs import libs through their @kntc/* aliases too (apps have no alias: a relative path is fine).',
      from: { path: '^(test|bench)/' },
      to: { path: '^libs/', dependencyTypesNot: ['aliased'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|apps/web)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
