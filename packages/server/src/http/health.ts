import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../domain/health.ts';
import { problem } from '../kit/problem.ts';

export function registerHealth(app: FastifyInstance): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await pingDatabase(app.laurel.deps);
      return { status: 'ready', database: app.laurel.deps.dialect };
    } catch (err) {
      app.log.error({ err }, 'readiness check failed');
      return reply.status(503).type('application/problem+json').send(problem('service_unavailable', 'The database is not reachable.'));
    }
  });
}
