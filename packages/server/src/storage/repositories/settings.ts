// Settings: key → JSON value (the policy thresholds).
import type { Executor } from './types.ts';

export function settingsRepo(db: Executor) {
  return {
    async all(): Promise<Record<string, unknown>> {
      const rows = await db.selectFrom('settings').selectAll().execute();
      return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    },
    async set(key: string, value: unknown, at: string, by: string | null): Promise<void> {
      await db
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value), updated_at: at, updated_by: by })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: at, updated_by: by }))
        .execute();
    },
  };
}
