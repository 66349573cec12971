// The job worker's lanes (jobs/worker.ts): with `lanes: 2` a queue runs two jobs at a time, each lane
// claiming its own next job as soon as its last one is done (a bulk-issue chunk signs while another
// writes). Every job still runs once, and a slow job does not hold up the other lane.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../src/domain/deps.ts';
import { newId } from '../src/domain/ids.ts';
import { startWorker } from '../src/jobs/worker.ts';
import { migrateToLatest, openDatabase, type Db } from '../src/storage/db.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { DIALECTS, freshDatabase, type FreshDatabase } from './helpers/db.ts';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

describe.each(DIALECTS)('job worker lanes on %s', (dialect) => {
  let fresh: FreshDatabase;
  let db: Db;

  beforeAll(async () => {
    fresh = await freshDatabase(dialect);
    db = openDatabase(fresh.database);
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db.close();
    await fresh.drop();
  });

  it('runs two jobs at once, each once, and a slow one does not hold up the other lane', async () => {
    const queue = `lanes_${newId().slice(-6)}`;
    const at = '2026-12-02T12:00:00.000Z';
    const ids = Array.from({ length: 6 }, () => newId());
    // The first job (earliest run_at) blocks until released; the other five are quick.
    await repos(db.kysely).jobs.enqueueMany(ids.map((id, i) => ({ id, queue, payload: { n: i }, at: new Date(Date.parse(at) + i).toISOString() })));
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    const ran: number[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const deps = { db: db.kysely, clock: () => new Date('2026-12-02T12:05:00.000Z') } as unknown as Omit<Deps, 'wake'>;
    const worker = startWorker({
      deps,
      log: quiet,
      autoPoll: false,
      handlers: {
        [queue]: {
          claimLimit: 1,
          lanes: 2,
          handler: async (payload) => {
            const n = (payload as { n: number }).n;
            running++;
            mostAtOnce = Math.max(mostAtOnce, running);
            if (n === 0) await gate;
            else await new Promise((res) => setImmediate(res));
            ran.push(n);
            running--;
          },
        },
      },
    });
    const drained = worker.drain();
    // The other lane works through all five quick jobs while the first is still blocked.
    for (let i = 0; i < 500 && ran.length < 5; i++) await new Promise((res) => setTimeout(res, 10));
    expect([...ran].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(running).toBe(1);
    release();
    await drained;
    expect([...ran].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(mostAtOnce).toBe(2);
    const rows = await db.kysely.selectFrom('jobs').select(['status', 'attempts']).where('queue', '=', queue).execute();
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.status === 'done' && Number(r.attempts) === 1)).toBe(true);
    await worker.stop();
  });
});
