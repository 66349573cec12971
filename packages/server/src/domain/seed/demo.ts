// Demo data for a fresh install: the Regents, three institutions of different kinds and one user per
// role. Idempotent: running it again adds only what is missing.
import { repos } from '../../storage/repositories/index.ts';
import { ensureEndorsements } from '../credentials/endorsement.ts';
import { SYSTEM } from '../actor.ts';
import { nowIso, type Deps } from '../deps.ts';
import { MFA_REQUIRED_SETTING } from '../accounts/mfa-core.ts';
import { createOrganization, ensureRegents } from '../institutions/institutions.ts';
import { createUser } from '../accounts/users.ts';
import type { Role } from '../../shared/roles.ts';
import { seedDemoPathways } from './seed-pathways.ts';
import { seedDemoPrograms } from './seed-programs.ts';

export const DEMO_PASSWORD = 'laurel-demo-2026';

export const DEMO_INSTITUTIONS = [
  {
    slug: 'prairie-state',
    name: 'Prairie State University',
    institutionType: 'research_university',
    city: 'Stillwater',
    website: 'https://prairiestate.example.edu',
    description: 'The state’s land-grant research university, with colleges of engineering, agriculture, business and health sciences.',
  },
  {
    slug: 'northern-plains',
    name: 'Northern Plains Regional University',
    institutionType: 'regional_university',
    city: 'Alva',
    website: 'https://northernplains.example.edu',
    description: 'A regional university serving the northwest of the state, known for teacher education and nursing.',
  },
  {
    slug: 'red-river',
    name: 'Red River Community College',
    institutionType: 'community_college',
    city: 'Lawton',
    website: 'https://redriver.example.edu',
    description: 'A two-year college offering associate degrees, workforce certificates and industry partnerships.',
  },
] as const;

export const DEMO_USERS: readonly { email: string; name: string; role: Role; organization?: string }[] = [
  { email: 'admin@regents.example.org', name: 'Sam Ortega', role: 'system_admin', organization: 'regents' },
  { email: 'reviewer@regents.example.org', name: 'Dana Whitehorse', role: 'regents_reviewer', organization: 'regents' },
  { email: 'chancellor@regents.example.org', name: 'Chancellor Morgan Reyes', role: 'chancellor', organization: 'regents' },
  { email: 'admin@prairiestate.example.edu', name: 'Priya Natarajan', role: 'institution_admin', organization: 'prairie-state' },
  { email: 'author@redriver.example.edu', name: 'Jordan Lee', role: 'program_author', organization: 'red-river' },
  { email: 'issuer@redriver.example.edu', name: 'Casey Brooks', role: 'issuer', organization: 'red-river' },
  { email: 'student@example.com', name: 'Alex Rivera', role: 'earner' },
];

export async function seedDemo(deps: Deps): Promise<{ created: number }> {
  const r = repos(deps.db);
  let created = 0;
  await ensureRegents(deps);
  for (const inst of DEMO_INSTITUTIONS) {
    if (await r.organizations.findBySlug(inst.slug)) continue;
    await createOrganization(deps, SYSTEM, { ...inst });
    created++;
  }
  for (const u of DEMO_USERS) {
    if (await r.users.findByEmail(u.email)) continue;
    await createUser(deps, SYSTEM, { email: u.email, name: u.name, password: DEMO_PASSWORD, role: u.role, organization: u.organization });
    created++;
  }
  // The demo users sign in with the shared demo password (the README, the e2e journeys and the tests do),
  // so the demo does not force two-step enrolment on its Regents and administrators. A new production
  // database without the demo keeps the default: required. Turn it on under Policy (or set
  // accounts.mfa_required_for_staff to true); an explicit choice is never overwritten here.
  if (!(MFA_REQUIRED_SETTING in (await r.settings.all()))) await r.settings.set(MFA_REQUIRED_SETTING, false, nowIso(deps), null);
  created += await seedDemoPrograms(deps);
  // Endorsed demo programs carry the Regents' signed endorsement, as approved ones do.
  created += await ensureEndorsements(deps);
  created += await seedDemoPathways(deps);
  return { created };
}
