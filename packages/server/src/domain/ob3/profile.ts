// getProfile / putProfile of the OB 3.0 API: the earner as an OB 3.0 Profile. Laurel keeps a name and
// the sign-in email for a person; putProfile changes the name (validated like the Account page's) and
// refuses what Laurel cannot store truthfully: another `id`, or an email (addresses are added on the
// portfolio's Emails page, where they are confirmed). Other Profile fields are not kept: the answer is
// the profile as stored, so the app sees what took.
import { repos } from '../../storage/repositories/index.ts';
import type { Deps } from '../deps.ts';
import { notFound, validationError } from '../errors.ts';
import { updateProfile } from '../accounts/profile.ts';
import type { ObCaller } from '../oauth/access.ts';

export interface ObProfile {
  readonly id: string;
  readonly type: string[];
  readonly name: string;
  readonly email: string;
  readonly url: string;
}

export async function getObProfile(deps: Deps, caller: ObCaller): Promise<ObProfile> {
  const u = await repos(deps.db).users.findById(caller.actor.userId);
  if (!u) throw notFound('The profile');
  const url = `${deps.config.publicUrl.replace(/\/$/, '')}/profiles/${u.id}`;
  return { id: url, type: ['Profile'], name: u.name, email: u.email, url };
}

export async function putObProfile(deps: Deps, caller: ObCaller, input: { profile: unknown }): Promise<{ changed: boolean; profile: ObProfile }> {
  const current = await getObProfile(deps, caller);
  const p = input.profile;
  if (!p || typeof p !== 'object' || Array.isArray(p)) throw validationError({ profile: 'Send a Profile object.' });
  const body = p as Record<string, unknown>;
  const fields: Record<string, string> = {};
  const types = Array.isArray(body.type) ? body.type : [body.type];
  if (!types.includes('Profile')) fields.type = 'A Profile has "Profile" among its types.';
  if (body.id !== undefined && body.id !== current.id) fields.id = `This profile's id is ${current.id}; it cannot be changed.`;
  if (body.email !== undefined && body.email !== current.email) fields.email = 'Email addresses are added and confirmed on the Emails page of the Laurel portfolio, not through the API.';
  if (body.name !== undefined && typeof body.name !== 'string') fields.name = 'The name is text.';
  if (Object.keys(fields).length) throw validationError(fields);
  if (typeof body.name !== 'string' || body.name.trim() === current.name) return { changed: false, profile: current };
  await updateProfile(deps, caller.actor, { name: body.name });
  return { changed: true, profile: await getObProfile(deps, caller) };
}
