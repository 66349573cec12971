import type { Config } from '../config.ts';
import { buildApp } from '../http/app.ts';
import { seedDemo, DEMO_PASSWORD, DEMO_USERS } from '../domain/seed/demo.ts';
import { repos } from '../storage/repositories/index.ts';
import { openRuntime } from '../runtime.ts';

export async function serve(config: Config): Promise<void> {
  const rt = await openRuntime(config);
  const r = repos(rt.deps.db);
  if (config.seedDemo && (await r.users.count()) === 0) {
    await seedDemo(rt.deps);
    console.log('Empty database: added the demo institutions and users.');
  }
  const app = await buildApp(config, { db: rt.db, masterKey: rt.masterKey, logger: { level: config.logLevel === 'info' ? 'warn' : config.logLevel } });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: shutting down…`);
    await app.close();
    await rt.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`\nLaurel is running at http://localhost:${port}  (public URL ${config.publicUrl}, database ${config.database.dialect === 'sqlite' ? config.database.file : 'PostgreSQL'})`);
  const demo = await Promise.all(DEMO_USERS.map(async (u) => ((await r.users.findByEmail(u.email)) ? u : null)));
  const present = demo.filter((u) => u !== null);
  if (present.length) {
    console.log(`\nDemo sign-ins (password: ${DEMO_PASSWORD})`);
    for (const u of present) console.log(`  ${u.role.padEnd(18)} ${u.email}`);
  }
  console.log('\nPress Ctrl+C to stop.');
}
