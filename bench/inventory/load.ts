// Loads N synthetic programs into a bench database quickly: each program gets its programs row and its
// inventory entry through the real write path (inventoryWriter: facet row + full-text index +
// vocabulary + version), in transactions of 1,000. Revisions, requests and badge classes are skipped —
// the search reads none of them. (`laurel seed --programs N` creates complete programs, ~10× slower.)
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../../packages/server/src/config.ts';
import { inventoryEntry } from '../../packages/server/src/domain/inventory/sync.ts';
import { readForm } from '../../packages/server/src/domain/programs/form.ts';
import { seedDemo } from '../../packages/server/src/domain/seed/demo.ts';
import { syntheticProgramForm } from '../../packages/server/src/domain/seed/seed-programs.ts';
import { newId } from '../../packages/server/src/domain/ids.ts';
import { openLaurel } from '../../packages/server/src/app/compose.ts';
import { repos } from '../../packages/server/src/storage/repositories/index.ts';

type Org = { id: string; slug: string; name: string; institutionType: string | null; city: string | null; website: string | null };

/** Inserts `count` synthetic programs with their inventory entries (in the caller's transaction); returns their ids. */
export async function insertSynthetic(trx: Parameters<typeof repos>[0], opts: { orgs: readonly Org[]; count: number; first: number; rand: () => number; now: number }): Promise<string[]> {
  const r = repos(trx);
  const ids: string[] = [];
  for (let i = 0; i < opts.count; i++) {
    const org = opts.orgs[Math.floor(opts.rand() * opts.orgs.length)]!;
    const form = readForm(syntheticProgramForm(opts.first + i, opts.rand) as unknown as Record<string, unknown>).form;
    const at = new Date(opts.now - Math.floor(opts.rand() * 1000 * 86_400_000)).toISOString();
    const id = newId();
    const endorsed = opts.rand() < 0.5;
    const program = { id, organizationId: org.id, status: 'active', endorsement: endorsed ? 'endorsed' : 'not_endorsed', liveRevisionId: null, publishedAt: at, rereviewDueAt: null, rereviewNotifiedAt: null, statusReason: null, createdAt: at, updatedAt: at } as const;
    await r.programs.insert(program);
    await r.inventory.upsert(
      inventoryEntry({
        program,
        organization: { id: org.id, slug: org.slug, name: org.name, institutionType: org.institutionType, city: org.city, website: org.website },
        revisionId: id,
        revisionNumber: 1,
        form,
        badgeClass: null,
      } as Parameters<typeof inventoryEntry>[0]),
    );
    ids.push(id);
  }
  return ids;
}

export async function load(n: number): Promise<void> {
  const rt = await openLaurel(loadConfig());
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
      await rt.deps.db.transaction().execute((trx) => insertSynthetic(trx, { orgs, count: Math.min(1000, n - done), first: done + 1, rand, now }));
      process.stdout.write(`\r${Math.min(done + 1000, n)} / ${n} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    console.log();
  } finally {
    await rt.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await load(Number(process.argv[2] ?? 100_000));
