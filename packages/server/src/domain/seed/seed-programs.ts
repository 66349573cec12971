// Programs for the demo (realistic, idempotent) and for load tests (synthetic, fast: batched in
// transactions). Both go through seedPublishedProgram, so they are listed in the inventory the same way
// an approval lists a program.
import { createHash } from 'node:crypto';
import { repos, type Repos } from '../../storage/repositories/index.ts';
import type { Deps } from '../deps.ts';
import { newId } from '../ids.ts';
import { shieldBadgeSvg } from '../inventory/badge-art.ts';
import { CREDENTIAL_TYPES, DELIVERY_MODES, FOCUS_AREAS, LEVELS, type CredentialType, type DeliveryMode, type FocusArea, type Level, type ProgramForm } from '../programs/form.ts';
import { seedPublishedProgram } from '../programs/seed-program.ts';
import { DEMO_PROGRAMS, demoProgramForm } from './demo-programs.ts';

const DAY = 86_400_000;

async function people(r: Repos): Promise<{ reviewerId: string | null; chancellorId: string | null }> {
  const reviewer = await r.users.findByEmail('reviewer@regents.example.org');
  const chancellor = await r.users.findByEmail('chancellor@regents.example.org');
  return { reviewerId: reviewer?.id ?? null, chancellorId: chancellor?.id ?? null };
}

async function badgeImage(r: Repos, organizationId: string, title: string, institutionName: string, at: string): Promise<string> {
  const svg = Buffer.from(shieldBadgeSvg({ title, institutionName, endorsed: false, icon: title.replace(/[^A-Za-z]/g, '') }));
  const id = newId();
  await r.attachments.insert({
    id,
    organizationId,
    kind: 'badge_image',
    filename: `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.svg`,
    contentType: 'image/svg+xml',
    size: svg.length,
    sha256: createHash('sha256').update(svg).digest('hex'),
    data: svg,
    createdBy: null,
    createdAt: at,
  });
  return id;
}

/** The demo inventory (~60 programs). Skips any whose title is already taken at its institution. */
export async function seedDemoPrograms(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const now = deps.clock().getTime();
  return deps.db.transaction().execute(async (trx) => {
    const r = repos(trx);
    const { reviewerId, chancellorId } = await people(r);
    let created = 0;
    for (const [i, p] of DEMO_PROGRAMS.entries()) {
      const org = await r.organizations.findBySlug(p.inst);
      if (!org) continue;
      if (await r.programs.titleTaken(org.id, p.title, null)) continue;
      // Spread approvals over the last 18 months, a few days apart, so "newest" means something.
      const approvedAt = new Date(now - (i * 9 + 3) * DAY).toISOString();
      const form = demoProgramForm(p);
      // Every other program has an uploaded badge design; the rest get the generated badge.
      if (i % 2 === 0) form.badge = { ...form.badge!, image_attachment_id: await badgeImage(r, org.id, p.title, org.name, approvedAt) };
      await seedPublishedProgram(r, { organizationId: org.id, form, endorsed: p.endorsed, approvedAt, reviewerId, chancellorId });
      created++;
    }
    return created;
  });
}

// ---- Synthetic programs for load tests ---------------------------------------------------------------

const SUBJECTS = ['Cybersecurity', 'Nursing', 'Data Analytics', 'Welding', 'Agriculture', 'Leadership', 'Accounting', 'Marketing', 'Teaching', 'Logistics', 'Healthcare', 'Software', 'Energy', 'Construction', 'Hospitality', 'Finance', 'Public Health', 'Manufacturing', 'Aviation', 'Biotechnology', 'Criminal Justice', 'Graphic Design', 'Early Childhood', 'Water Resources', 'Robotics'];
const KINDS = ['Fundamentals', 'Essentials', 'Technician', 'Specialist', 'Leadership', 'Analytics', 'Operations', 'Pathway', 'Foundations', 'Practicum', 'Applications', 'Management'];
const SKILLS = ['Python', 'SQL', 'Excel', 'Project management', 'Patient care', 'Network security', 'Welding', 'Blueprint reading', 'Customer service', 'Data visualization', 'Machine learning', 'Budgeting', 'Teamwork', 'Public speaking', 'GIS', 'Drone operation', 'Electrical safety', 'Infection control', 'Quality assurance', 'Supply chain', 'Negotiation', 'Grant writing', 'Cloud computing', 'Linux administration', 'Risk assessment', 'Statistics', 'Curriculum design', 'Social media marketing', 'CPR', 'Forklift operation', 'HACCP', 'PLC programming', 'Hydraulics', 'Conflict resolution', 'Technical writing', 'Spanish', 'Financial analysis', 'Lean manufacturing', 'Cost estimating', 'Research design'];
const PARTNERS = ['Paycom', 'Devon Energy', 'Tyson Foods', 'Goodyear', 'John Deere', 'Walgreens', 'Amazon', 'Boeing', 'Siemens', 'NextEra Energy', 'BancFirst', 'Flintco', 'Hilton', 'Love’s Travel Stops', 'Continental Resources', 'Integris Health', 'OU Health', 'Chickasaw Nation Industries', 'Tinker Air Force Base', 'Dell Technologies'];
const WORDS = ['apply', 'design', 'analyse', 'build', 'lead', 'manage', 'evaluate', 'communicate', 'troubleshoot', 'plan', 'operate', 'document', 'present', 'coordinate', 'improve'];

/** A small deterministic PRNG (mulberry32) so a given seed always produces the same programs. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticProgramForm(n: number, rand: () => number): Partial<ProgramForm> & { title: string } {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const subject = pick(SUBJECTS);
  const title = `${subject} ${pick(KINDS)} ${n}`;
  const skills = [...new Set(Array.from({ length: 5 + Math.floor(rand() * 4) }, () => pick(SKILLS)))];
  while (skills.length < 5) skills.push(`${subject} practice ${skills.length}`);
  const credit = rand() < 0.6;
  const courses = credit ? Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, i) => ({ prefix: subject.slice(0, 4).toUpperCase().replace(/\s/g, 'X'), number: String(1000 + i * 111), title: `${subject} ${pick(KINDS)} ${i + 1}`, credit_hours: 3, assessment: 'Exams and projects.' })) : [];
  const activities = credit ? [] : [{ title: `${subject} workshop series`, contact_hours: 10 + Math.floor(rand() * 60), assessment: 'Skills checklist.' }];
  const paid = rand() < 0.3;
  return {
    title,
    credential_type: pick(Object.keys(CREDENTIAL_TYPES) as CredentialType[]),
    level: pick(Object.keys(LEVELS) as Level[]),
    department: `${subject} Department`,
    narrative: `Earners can ${pick(WORDS)} and ${pick(WORDS)} ${subject.toLowerCase()} work using ${skills.slice(0, 3).join(', ').toLowerCase()}, and ${pick(WORDS)} results with ${pick(PARTNERS)} practitioners.`,
    program_url: `https://example.edu/programs/${n}`,
    focus_areas: [...new Set([pick(Object.keys(FOCUS_AREAS) as FocusArea[]), pick(Object.keys(FOCUS_AREAS) as FocusArea[])])],
    courses,
    activities,
    outcomes: [`Apply ${skills[0]!.toLowerCase()} in a workplace task.`],
    skills,
    criteria: 'Complete all requirements.',
    requirements: ['Complete the coursework.'],
    partners: rand() < 0.7 ? [{ name: pick(PARTNERS), role: 'Employer partner', letter_attachment_id: null }] : [],
    delivery_mode: pick(Object.keys(DELIVERY_MODES) as DeliveryMode[]),
    cost: paid ? { free: false, amount: 100 + Math.floor(rand() * 2000) } : { free: true, amount: null },
  };
}

/** N synthetic published programs spread over every institution, in transactions of `batch`. */
export async function seedSyntheticPrograms(deps: Pick<Deps, 'db' | 'clock'>, opts: { count: number; batch?: number; seed?: number; onProgress?: (done: number) => void }): Promise<number> {
  const orgs = (await repos(deps.db).organizations.list()).filter((o) => o.kind === 'institution');
  if (orgs.length === 0) throw new Error('no institutions: run `laurel seed --demo` first or add one');
  const start = await repos(deps.db).inventory.count();
  const rand = prng(opts.seed ?? 42);
  const batch = opts.batch ?? 500;
  const now = deps.clock().getTime();
  let done = 0;
  while (done < opts.count) {
    const size = Math.min(batch, opts.count - done);
    await deps.db.transaction().execute(async (trx) => {
      const r = repos(trx);
      for (let i = 0; i < size; i++) {
        const n = start + done + i + 1;
        const org = orgs[Math.floor(rand() * orgs.length)]!;
        const approvedAt = new Date(now - Math.floor(rand() * 1000) * DAY - Math.floor(rand() * DAY)).toISOString();
        await seedPublishedProgram(r, { organizationId: org.id, form: syntheticProgramForm(n, rand), endorsed: rand() < 0.5, approvedAt });
      }
    });
    done += size;
    opts.onProgress?.(done);
  }
  return done;
}
