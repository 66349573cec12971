// Loads N synthetic programs into a bench database quickly: each program gets its programs row and its
// inventory entry through the real write path (inventoryWriter: facet row + full-text index +
// vocabulary + version), in transactions of 1,000. Revisions, requests and badge classes are skipped —
// the search reads none of them. (`laurel seed --programs N` creates complete programs, ~10× slower.)
import { loadConfig } from '../../packages/server/src/config.ts';
import { inventoryEntry } from '../../packages/server/src/domain/inventory/sync.ts';
import { readForm } from '../../packages/server/src/domain/programs/form.ts';
import { seedDemo } from '../../packages/server/src/domain/seed/demo.ts';
import { syntheticProgramForm } from '../../packages/server/src/domain/seed/seed-programs.ts';
import { newId } from '../../packages/server/src/domain/ids.ts';
import { openRuntime } from '../../packages/server/src/runtime.ts';
import { repos } from '../../packages/server/src/storage/repositories/index.ts';

export async function load(n: number): Promise<void> {
  const rt = await openRuntime(loadConfig());
  try {
    await seedDemo(rt.deps);
    const orgs = (await repos(rt.deps.db).organizations.list()).filter((o) => o.kind === 'institution');
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const now = Date.now();
    const started = Date.now();
    for (let done = 0; done < n; done += 1000) {
      await rt.deps.db.transaction().execute(async (trx) => {
        const r = repos(trx);
        for (let i = 0; i < Math.min(1000, n - done); i++) {
          const org = orgs[Math.floor(rand() * orgs.length)]!;
          const form = readForm(syntheticProgramForm(done + i + 1, rand) as unknown as Record<string, unknown>).form;
          const at = new Date(now - Math.floor(rand() * 1000 * 86_400_000)).toISOString();
          const id = newId();
          const endorsed = rand() < 0.5;
          await r.programs.insert({ id, organizationId: org.id, status: 'active', endorsement: endorsed ? 'endorsed' : 'not_endorsed', liveRevisionId: null, publishedAt: at, rereviewDueAt: null, rereviewNotifiedAt: null, statusReason: null, createdAt: at, updatedAt: at });
          await r.inventory.upsert(
            inventoryEntry({
              program: { id, organizationId: org.id, status: 'active', endorsement: endorsed ? 'endorsed' : 'not_endorsed', liveRevisionId: null, publishedAt: at, rereviewDueAt: null, rereviewNotifiedAt: null, statusReason: null, createdAt: at, updatedAt: at },
              organization: { id: org.id, slug: org.slug, name: org.name, institutionType: org.institutionType, city: org.city, website: org.website },
              revisionId: id,
              revisionNumber: 1,
              form,
              badgeClass: null,
            }),
          );
        }
      });
      process.stdout.write(`\r${Math.min(done + 1000, n)} / ${n} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    console.log();
  } finally {
    await rt.close();
  }
}

const n = Number(process.argv[2] ?? 100_000);
await load(n);
