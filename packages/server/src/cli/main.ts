// The `laurel` command line. Each command validates its arguments, runs one use case, and on failure
// prints a one-line reason and exits non-zero.
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { bakeImage, BakeError, detectImageKind } from '@laurel/credentials';
import { ConfigError, loadConfig } from '../config.ts';
import { createOrganizationToken, createPersonalToken } from '../domain/accounts/api-tokens.ts';
import { createUser } from '../domain/accounts/users.ts';
import { SYSTEM } from '../domain/actor.ts';
import { keyId, organizationDid } from '../domain/credentials/did.ts';
import { rotateOrganizationKey } from '../domain/credentials/rotate-key.ts';
import { DomainError } from '../domain/errors.ts';
import { createOrganization } from '../domain/institutions/institutions.ts';
import { seedDemo } from '../domain/seed/demo.ts';
import { seedSyntheticPrograms } from '../domain/seed/seed-programs.ts';
import { rebuildInventory } from '../domain/inventory/sync.ts';
import { ROLES } from '../shared/roles.ts';
import { actorForUser } from '../domain/accounts/sessions.ts';
import { batchProgress, BULK_MAX_BYTES, confirmBatch, createBatch, ISSUE_QUEUE } from '../domain/issuance/batches.ts';
import { MAX_VERIFY_BYTES, verifyAnything } from '../domain/verification/verify-any.ts';
import { CHECK_NAMES, STATUS_TEXT, verificationSummary } from '../domain/verification/wording.ts';
import { repos } from '../storage/repositories/index.ts';
import { migrateDatabase, openLaurel } from '../app/compose.ts';
import { serve } from './serve.ts';

interface Command {
  usage: string;
  description: string;
  options: NonNullable<ParseArgsConfig['options']>;
  required?: string[];
  /** How many positional arguments (files) the command takes; none unless given. */
  positionals?: { min: number; max: number };
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number | void>;
}

class UsageError extends Error {}

const COMMANDS: Record<string, Command> = {
  serve: {
    usage: 'laurel serve [--port N]',
    description: 'Run the web server (migrates the database first; seeds demo data into an empty database unless LAUREL_SEED_DEMO=false).',
    options: { port: { type: 'string' } },
    async run(v) {
      const env = { ...process.env };
      if (typeof v.port === 'string') env.PORT = v.port;
      await serve(loadConfig(env));
      return undefined;
    },
  },
  migrate: {
    usage: 'laurel migrate',
    description: 'Bring the database schema up to date.',
    options: {},
    async run() {
      const config = loadConfig();
      const rt = await openLaurel(config, { migrate: false });
      try {
        const results = await migrateDatabase(rt);
        console.log(results.length ? results.map((r) => `applied ${r.migrationName}`).join('\n') : 'The database is up to date.');
      } finally {
        await rt.close();
      }
    },
  },
  seed: {
    usage: 'laurel seed --demo | --programs N',
    description: 'Add the demo institutions, users and ~60 programs (idempotent); or N synthetic published programs for load tests.',
    options: { demo: { type: 'boolean' }, programs: { type: 'string' } },
    async run(v) {
      if (!v.demo && v.programs === undefined) throw new UsageError('say what to seed: --demo or --programs N');
      const n = v.programs === undefined ? 0 : Number(v.programs);
      if (v.programs !== undefined && (!Number.isInteger(n) || n < 1 || n > 1_000_000)) throw new UsageError('--programs takes a whole number from 1 to 1,000,000');
      const rt = await openLaurel(loadConfig());
      try {
        if (v.demo) {
          const { created } = await seedDemo(rt.deps);
          console.log(created ? `Added ${created} demo records.` : 'Demo data was already present.');
          printDemoLogins();
        }
        if (n) {
          const started = Date.now();
          await seedSyntheticPrograms(rt.deps, { count: n, onProgress: (done) => process.stdout.write(`\r${done.toLocaleString('en-US')} / ${n.toLocaleString('en-US')} programs`) });
          console.log(`\nAdded ${n.toLocaleString('en-US')} synthetic programs in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
        }
      } finally {
        await rt.close();
      }
    },
  },
  'inventory rebuild': {
    usage: 'laurel inventory rebuild',
    description: 'Re-list every published program in the inventory search (after a restore, or for programs published before the inventory existed).',
    options: {},
    async run() {
      const rt = await openLaurel(loadConfig());
      try {
        console.log(`Listed ${(await rebuildInventory(rt.deps)).toLocaleString('en-US')} programs.`);
      } finally {
        await rt.close();
      }
    },
  },
  'institution add': {
    usage: 'laurel institution add --name NAME --slug SLUG [--type TYPE] [--website URL] [--city CITY]',
    description: 'Add an institution.',
    options: { name: { type: 'string' }, slug: { type: 'string' }, type: { type: 'string' }, website: { type: 'string' }, city: { type: 'string' } },
    required: ['name', 'slug'],
    async run(v) {
      const rt = await openLaurel(loadConfig());
      try {
        const org = await createOrganization(rt.deps, SYSTEM, { name: v.name, slug: v.slug, institutionType: v.type ?? null, website: v.website ?? null, city: v.city ?? null });
        console.log(`Added ${org.name} (${org.slug}).`);
      } finally {
        await rt.close();
      }
    },
  },
  'user add': {
    usage: `laurel user add --email EMAIL --password PASSWORD --role ROLE [--org SLUG] [--name NAME]\n  roles: ${ROLES.join(', ')}`,
    description: 'Add a user with a role (Regents roles default to the Regents organization).',
    options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, org: { type: 'string' }, name: { type: 'string' } },
    required: ['email', 'password', 'role'],
    async run(v) {
      const rt = await openLaurel(loadConfig());
      try {
        await createUser(rt.deps, SYSTEM, { email: v.email, password: v.password, role: v.role, organization: v.org as string | undefined, name: v.name });
        console.log(`Added ${String(v.email).toLowerCase()} as ${String(v.role)}${v.org ? ` at ${String(v.org)}` : ''}.`);
      } finally {
        await rt.close();
      }
    },
  },
  'token create': {
    usage: 'laurel token create (--user EMAIL | --org SLUG) --name NAME',
    description: "Create an API token and print it once: --user acts with that user's roles; --org is an institution token for the VC-API (issues as that institution only).",
    options: { user: { type: 'string' }, org: { type: 'string' }, name: { type: 'string' } },
    required: ['name'],
    async run(v) {
      if ((v.user === undefined) === (v.org === undefined)) throw new UsageError('give exactly one of --user EMAIL or --org SLUG');
      const rt = await openLaurel(loadConfig());
      try {
        if (typeof v.org === 'string') {
          const { token } = await createOrganizationToken(rt.deps, SYSTEM, { organizationSlug: v.org, name: v.name });
          console.log(token);
          return;
        }
        const user = await repos(rt.deps.db).users.findByEmail(String(v.user).trim().toLowerCase());
        if (!user) throw new UsageError(`no user has the email ${String(v.user)}`);
        const { token } = await createPersonalToken(rt.deps, SYSTEM, { userId: user.id, name: v.name });
        console.log(token);
      } finally {
        await rt.close();
      }
    },
  },
  'keys rotate': {
    usage: 'laurel keys rotate --org SLUG',
    description: "Give an institution a new signing key; older keys stay in its DID document so credentials they signed still verify.",
    options: { org: { type: 'string' } },
    required: ['org'],
    async run(v) {
      const rt = await openLaurel(loadConfig());
      try {
        const { keyId: id } = await rotateOrganizationKey(rt.deps, SYSTEM, { slug: String(v.org) });
        console.log(`New signing key ${id}; earlier keys remain published for verification.`);
      } finally {
        await rt.close();
      }
    },
  },
  'keys list': {
    usage: 'laurel keys list --org SLUG',
    description: "List an institution's DID and keys (public halves only).",
    options: { org: { type: 'string' } },
    required: ['org'],
    async run(v) {
      const rt = await openLaurel(loadConfig());
      try {
        const r = repos(rt.deps.db);
        const org = await r.organizations.findBySlug(String(v.org));
        if (!org) throw new UsageError(`no organization has the slug "${String(v.org)}"`);
        const did = organizationDid(rt.deps.config, org.slug);
        console.log(`${did}\n  document: ${rt.deps.config.publicUrl}/orgs/${org.slug}/did.json`);
        for (const k of await r.organizationKeys.listForOrganization(org.id)) {
          console.log(`  ${keyId(did, k.seq)}  ${k.status === 'active' ? 'signing' : `retired ${k.retiredAt ?? ''}`.trim()}  ${k.publicKeyMultibase}  created ${k.createdAt}`);
        }
      } finally {
        await rt.close();
      }
    },
  },
  verify: {
    usage: 'laurel verify (FILE | --url URL) [--json]',
    description: 'Verify an Open Badge from any issuer: a baked PNG or SVG, its JSON or JWT (FILE, or - for standard input), or a link. Prints each check; exits 0 only when the badge verifies.',
    options: { url: { type: 'string' }, json: { type: 'boolean' } },
    positionals: { min: 0, max: 1 },
    async run(v, files) {
      if (!files[0] === !v.url) throw new UsageError('give a FILE or --url (one of them); usage: laurel verify (FILE | --url URL) [--json]');
      let input: { url?: string; file?: Uint8Array; credential?: string };
      if (typeof v.url === 'string') input = { url: v.url };
      else {
        const bytes = await readInput(files[0]!, MAX_VERIFY_BYTES);
        input = detectImageKind(bytes) ? { file: bytes } : { credential: bytes.toString('utf8') };
      }
      const rt = await openLaurel(loadConfig());
      try {
        const result = await verifyAnything(rt.deps, input);
        if (v.json) console.log(JSON.stringify(result, null, 2));
        else {
          console.log(verificationSummary(result).text);
          if (result.issuer.name || result.issuer.id) console.log(`Issuer: ${result.issuer.name ?? result.issuer.id}`);
          for (const c of result.checks) console.log(`  ${STATUS_TEXT[c.status].padEnd(15)} ${CHECK_NAMES[c.id] ?? c.id}. ${c.message}`);
        }
        return result.verified ? 0 : 1;
      } finally {
        await rt.close();
      }
    },
  },
  issue: {
    usage: 'laurel issue --badge-class ID --csv FILE --as EMAIL [--reissue] [--no-email] [--dry-run]',
    description: 'Issue badges in bulk from a CSV file (the same columns and checks as the Issuing page), as the given issuer; shows the rows with errors, then issues the others with progress. --dry-run stops after the check.',
    options: { 'badge-class': { type: 'string' }, csv: { type: 'string' }, as: { type: 'string' }, reissue: { type: 'boolean' }, 'no-email': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
    required: ['badge-class', 'csv', 'as'],
    async run(v) {
      const csv = await readInput(String(v.csv), BULK_MAX_BYTES);
      const config = loadConfig();
      const rt = await openLaurel(config);
      try {
        const user = await repos(rt.deps.db).users.findByEmail(String(v.as).trim().toLowerCase());
        const actor = user ? await actorForUser(rt.deps, user.id) : undefined;
        if (!actor) throw new UsageError(`no active user has the email "${String(v.as)}"`);
        const batch = await createBatch(rt.deps, actor, { badgeClassId: String(v['badge-class']), filename: path.basename(String(v.csv)), csv, reissue: v.reissue === true, notify: v['no-email'] !== true });
        const r = repos(rt.deps.db);
        const ready = batch.totalRows - batch.invalidRows;
        console.log(`${batch.totalRows} row${batch.totalRows === 1 ? '' : 's'}: ${ready} ready to issue, ${batch.invalidRows} with errors.`);
        await printRows(r, batch.id, 'invalid', 'cannot be issued');
        if (v['dry-run']) {
          console.log(`Dry run: nothing issued. The checked file is batch ${batch.id} (it can be confirmed on the Issuing page).`);
          return 0;
        }
        if (ready === 0) throw new UsageError('no row of this file can be issued: correct the file and run again');
        await confirmBatch(rt.deps, actor, batch.id);
        // Run the chunks here (a running `laurel serve` on the same database may take some of them too).
        const worker = rt.startJobs({ log: { error: console.error, warn: console.warn, info: () => {} }, queues: [ISSUE_QUEUE], schedules: false });
        let last = -1;
        let p = await batchProgress(rt.deps, actor, batch.id);
        try {
          for (worker.wake(); !p.finished; p = await batchProgress(rt.deps, actor, batch.id)) {
            if (p.percent !== last) {
              console.log(`  ${String(p.percent).padStart(3)}%  ${p.issued} issued, ${p.failed} failed of ${p.toIssue}`);
              last = p.percent;
            }
            await new Promise((res) => setTimeout(res, 500));
          }
        } finally {
          await worker.stop();
        }
        console.log(`Done: ${p.issued} issued, ${p.failed} failed${batch.invalidRows ? `, ${batch.invalidRows} not issued (errors above)` : ''}.${v['no-email'] ? '' : ' Claim emails are queued; `laurel serve` sends them.'}`);
        await printRows(r, batch.id, 'failed', 'failed');
        return p.failed > 0 ? 1 : 0;
      } finally {
        await rt.close();
      }
    },
  },
  bake: {
    usage: 'laurel bake CREDENTIAL IMAGE --out FILE',
    description: 'Bake a signed credential (its JSON or JWT file) into a PNG or SVG image, per Open Badges 3.0, and write the baked image to FILE.',
    options: { out: { type: 'string' } },
    required: ['out'],
    positionals: { min: 2, max: 2 },
    async run(v, [credentialFile, imageFile]) {
      const text = (await readInput(credentialFile!, MAX_VERIFY_BYTES)).toString('utf8').trim();
      let credential: string | object = text;
      if (text.startsWith('{')) {
        try {
          credential = JSON.parse(text) as object;
        } catch {
          throw new UsageError(`"${credentialFile}" is not valid JSON`);
        }
      } else if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(text)) {
        throw new UsageError(`"${credentialFile}" is neither a credential's JSON nor a compact JWT`);
      }
      const image = await readInput(imageFile!, MAX_VERIFY_BYTES);
      if (!detectImageKind(image)) throw new UsageError(`"${imageFile}" is not a PNG or SVG image`);
      let baked: Buffer;
      try {
        baked = bakeImage(image, credential);
      } catch (err) {
        throw new UsageError(err instanceof BakeError ? err.message : String(err));
      }
      await fs.writeFile(String(v.out), baked);
      console.log(`Wrote ${String(v.out)} (${detectImageKind(image)!.toUpperCase()}, ${baked.length} bytes) with the credential baked in.`);
    },
  },
};

/** Lists up to 20 rows of a batch with the given status and their messages. */
async function printRows(r: ReturnType<typeof repos>, batchId: string, status: 'invalid' | 'failed', what: string): Promise<void> {
  const rows = await r.issueBatches.rows(batchId, { status, limit: 21 });
  for (const row of rows.slice(0, 20)) console.log(`  row ${row.rowNumber} ${what}: ${row.message ?? 'unknown error'}`);
  if (rows.length > 20) console.log('  … and more (see the batch on the Issuing page).');
}

/** A file's bytes, or standard input's for "-"; a missing or oversized file is a one-line error. */
async function readInput(file: string, max: number): Promise<Buffer> {
  let bytes: Buffer;
  if (file === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of process.stdin) {
      size += (c as Buffer).length;
      if (size > max) throw new UsageError(`standard input is larger than ${max / 1024 / 1024} MB`);
      chunks.push(c as Buffer);
    }
    bytes = Buffer.concat(chunks);
  } else {
    let size: number;
    try {
      size = (await fs.stat(file)).size;
    } catch {
      throw new UsageError(`cannot read "${file}": no such file`);
    }
    if (size > max) throw new UsageError(`"${file}" is larger than ${max / 1024 / 1024} MB`);
    bytes = await fs.readFile(file);
  }
  if (bytes.length === 0) throw new UsageError(`"${file}" is empty`);
  return bytes;
}

export function printDemoLogins(): void {
  // Imported lazily so the list lives in one place (domain/seed/demo.ts).
  void import('../domain/seed/demo.ts').then(({ DEMO_USERS, DEMO_PASSWORD }) => {
    console.log(`\nDemo sign-ins (password for all: ${DEMO_PASSWORD})`);
    for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(18)} ${u.email}${u.organization && u.organization !== 'regents' ? `  (${u.organization})` : ''}`);
  });
}

function help(): string {
  const lines = ['Usage: laurel <command> [options]', '', 'Commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(18)} ${c.description}`);
  lines.push('', 'Run `laurel <command> --help` for a command’s options. Configuration comes from environment variables; see README.md.');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const two = `${argv[0] ?? ''} ${argv[1] ?? ''}`;
  const name = COMMANDS[two] ? two : argv[0] ?? '';
  const rest = argv.slice(name.split(' ').length);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return name ? 0 : 1;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    console.error(`laurel: unknown command "${argv.slice(0, 2).join(' ')}". Run laurel --help.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`${cmd.usage}\n\n${cmd.description}`);
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: cmd.options, strict: true, allowPositionals: true });
    const range = cmd.positionals ?? { min: 0, max: 0 };
    if (positionals.length > range.max) throw new UsageError(`unexpected argument "${positionals[range.max]}"; usage: ${cmd.usage.split('\n')[0]}`);
    if (positionals.length < range.min) throw new UsageError(`missing argument; usage: ${cmd.usage.split('\n')[0]}`);
    for (const r of cmd.required ?? []) if (values[r] === undefined || values[r] === '') throw new UsageError(`--${r} is required; usage: ${cmd.usage.split('\n')[0]}`);
    return (await cmd.run(values as Record<string, string | boolean | undefined>, positionals)) ?? 0;
  } catch (err) {
    console.error(`laurel ${name}: ${oneLine(err)}`);
    return err instanceof UsageError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? 2 : 1;
  }
}

function oneLine(err: unknown): string {
  if (err instanceof DomainError) {
    if (err.code !== 'validation_failed') return err.message;
    const fields = Object.entries(err.fields);
    return fields.length ? fields.map(([f, m]) => `${f}: ${m}`).join('; ') : err.message;
  }
  if (err instanceof ConfigError) return err.message;
  if (err instanceof Error) return err.message.split('\n')[0]!;
  return String(err);
}
