// The layer rule of Laurel (docs/ARCHITECTURE.md, "Layers"), checked inside `npm test`
// (packages/server/test/architecture.test.ts) and by `npx depcruise packages -c .dependency-cruiser.cjs`.
//
//   @laurel/credentials  ←  domain  ←  { http, web, cli, jobs }  ←  app (the composition root)
//   storage imports nothing above it; base (config, keys, net, mail, shared, sso) imports no layer;
//   http and web share only kit/ (auth guard, CSRF, problem rendering), which imports neither.
const S = '^packages/server/src/';
const layer = (names) => `${S}(${names.join('|')})(/|\\.ts$)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import circles make the layers meaningless and the load order fragile.', from: {}, to: { circular: true } },
    {
      name: 'credentials-is-pure',
      severity: 'error',
      comment: '@laurel/credentials is a library: it knows nothing of the app.',
      from: { path: '^packages/credentials/src/' },
      to: { path: '^packages/server/' },
    },
    {
      name: 'base-imports-no-layer',
      severity: 'error',
      comment: 'config, keys, net, mail, shared and sso (the protocol adapters) sit below storage and the domain; they are handed in, they never reach up.',
      from: { path: layer(['config', 'keys', 'net', 'mail', 'shared', 'sso']) },
      to: { path: layer(['storage', 'domain', 'kit', 'http', 'web', 'cli', 'jobs', 'app']) },
    },
    {
      name: 'storage-imports-nothing-above',
      severity: 'error',
      comment: 'Repositories and the search index know tables, not use cases or pages.',
      from: { path: `${S}storage/` },
      to: { path: layer(['domain', 'kit', 'http', 'web', 'cli', 'jobs', 'app']) },
    },
    {
      name: 'domain-below-entry-points',
      severity: 'error',
      comment: 'Use cases are called by pages, the API, the CLI and jobs; they never call them.',
      from: { path: `${S}domain/` },
      to: { path: layer(['kit', 'http', 'web', 'cli', 'jobs', 'app']) },
    },
    {
      name: 'one-door-to-storage',
      severity: 'error',
      comment: 'Pages, API routes, CLI commands and jobs reach data only through domain use cases (which authorize through domain/policy.ts).',
      from: { path: layer(['kit', 'http', 'web', 'cli', 'jobs']) },
      to: { path: `${S}storage/` },
    },
    {
      name: 'http-and-web-apart',
      severity: 'error',
      comment: 'The API and the pages share only kit/.',
      from: { path: `${S}http/` },
      to: { path: layer(['web', 'cli', 'jobs', 'app']) },
    },
    {
      name: 'web-and-http-apart',
      severity: 'error',
      comment: 'The pages and the API share only kit/.',
      from: { path: `${S}web/` },
      to: { path: layer(['http', 'cli', 'jobs', 'app']) },
    },
    {
      name: 'kit-imports-neither',
      severity: 'error',
      comment: 'kit/ is what web/ and http/ share; it imports neither of them.',
      from: { path: `${S}kit/` },
      to: { path: layer(['http', 'web', 'cli', 'jobs', 'app']) },
    },
    {
      name: 'entry-points-apart',
      severity: 'error',
      comment: 'CLI commands and jobs are entry points of their own; the composition root (app/) wires them.',
      from: { path: layer(['cli', 'jobs']) },
      to: { path: layer(['http', 'web', 'kit']) },
    },
    {
      name: 'only-storage-touches-the-database',
      severity: 'error',
      comment: 'Kysely, better-sqlite3 and pg are storage details.',
      from: { path: '^packages/', pathNot: [`${S}storage/`] },
      to: { path: 'node_modules/(kysely|better-sqlite3|pg)/' },
    },
    {
      name: 'fastify-only-at-the-edge',
      severity: 'error',
      comment: 'Only the HTTP edge (http/, web/, kit/, app/) knows Fastify.',
      from: { path: '^packages/', pathNot: layer(['http', 'web', 'kit', 'app']) },
      to: { path: 'node_modules/(fastify|@fastify)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^packages/[^/]+/test/', '\\.test\\.tsx?$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs'] },
  },
};
