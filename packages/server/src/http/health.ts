import type { FastifyInstance } from 'fastify';
import { pingDatabase, type Db } from '../storage/db.ts';
import { problem } from './problem.ts';

export function registerHealth(app: FastifyInstance, db: Db): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await pingDatabase(db);
      return { status: 'ready', database: db.dialect };
    } catch (err) {
      app.log.error({ err }, 'readiness check failed');
      return reply.status(503).type('application/problem+json').send(problem('service_unavailable', 'The database is not reachable.'));
    }
  });
}
