// Reading what LTI Advantage services answer into plain records (lti-services.ts): line items and results
// (1EdTech Assignment and Grade Services 2.0) and course members (Names and Role Provisioning Services
// 2.0). Liberal in what is read — numbers as numeric strings (Blackboard), roles as full LIS URIs or short
// names (Moodle), an absent status — and strict in what is trusted: a wrong shape is `malformed`, never
// guessed at. Pure functions, no I/O.
import { LtiServiceError } from './lti-services-http.ts';

export interface LineItem {
  /** The line item's own URL (its results are at `{id}/results`). */
  readonly id: string;
  readonly label: string;
  readonly scoreMaximum: number;
  readonly resourceLinkId: string | null;
  readonly resourceId: string | null;
  readonly tag: string | null;
}

export interface Result {
  readonly userId: string;
  /** null: not graded yet. */
  readonly resultScore: number | null;
  /** null when the platform leaves it out (AGS then means 1; the line item's scoreMaximum is the better guess). */
  readonly resultMaximum: number | null;
  readonly comment: string | null;
}

export type MemberStatus = 'Active' | 'Inactive' | 'Deleted';

export interface Member {
  readonly userId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly roles: readonly string[];
  readonly status: MemberStatus;
  /** A Learner of the course (LIS v2 membership vocabulary, full URI or short name) and not its Instructor. */
  readonly isLearner: boolean;
}

type Obj = Record<string, unknown>;

const bad = (url: string, what: string) => new LtiServiceError('malformed', `${url}: ${what}`);

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A number, or a string that is one ("10", " 7.5 "); null when absent; `malformed` otherwise. */
function optionalNumber(v: unknown, url: string, what: string): number | null {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw bad(url, `${what} is not a number: ${JSON.stringify(v).slice(0, 40)}`);
  return n;
}

function optionalString(v: unknown, url: string, what: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw bad(url, `${what} is not a string`);
}

/** A required id: a non-empty string (a number is read as its decimal string). */
function requiredId(v: unknown, url: string, what: string): string {
  const s = optionalString(v, url, what);
  if (s === null || s.trim() === '') throw bad(url, `${what} is missing`);
  return s;
}

/** An absolute http(s) address: a line item's id is where Laurel will send its token next. */
function absoluteUrl(v: unknown, url: string, what: string): string {
  const s = requiredId(v, url, what);
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw bad(url, `${what} is not an absolute address: ${s.slice(0, 80)}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw bad(url, `${what} is not an http(s) address`);
  return u.href;
}

export function readLineItem(v: unknown, url: string): LineItem {
  if (!isObj(v)) throw bad(url, 'a line item is not an object');
  const scoreMaximum = optionalNumber(v.scoreMaximum, url, 'scoreMaximum');
  if (scoreMaximum === null || scoreMaximum < 0) throw bad(url, 'a line item has no valid scoreMaximum');
  return {
    id: absoluteUrl(v.id, url, 'a line item id'),
    label: optionalString(v.label, url, 'label') ?? '',
    scoreMaximum,
    resourceLinkId: optionalString(v.resourceLinkId, url, 'resourceLinkId'),
    resourceId: optionalString(v.resourceId, url, 'resourceId'),
    tag: optionalString(v.tag, url, 'tag'),
  };
}

/** A line items container page: a JSON array of line items. */
export function readLineItems(json: unknown, url: string): LineItem[] {
  if (!Array.isArray(json)) throw bad(url, 'the line items container is not an array');
  return json.map((v) => readLineItem(v, url));
}

/** A results container page: a JSON array of results; `userId` required, `resultScore` absent when not graded. */
export function readResults(json: unknown, url: string): Result[] {
  if (!Array.isArray(json)) throw bad(url, 'the results container is not an array');
  return json.map((v): Result => {
    if (!isObj(v)) throw bad(url, 'a result is not an object');
    return {
      userId: requiredId(v.userId, url, 'a result’s userId'),
      resultScore: optionalNumber(v.resultScore, url, 'resultScore'),
      resultMaximum: optionalNumber(v.resultMaximum, url, 'resultMaximum'),
      comment: optionalString(v.comment, url, 'comment'),
    };
  });
}

const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership';

/** The role's name in the LIS v2 membership vocabulary ("Learner", "Instructor#TeachingAssistant"), or null. */
function membershipRole(role: string): string | null {
  if (role.startsWith(`${MEMBERSHIP}#`)) return role.slice(MEMBERSHIP.length + 1);
  if (role.startsWith(`${MEMBERSHIP}/`)) return role.slice(MEMBERSHIP.length + 1);
  // Short names (LTI Core 1.3 §A.2.3, deprecated but sent by Moodle): only the context roles.
  return /^[A-Za-z]+(#[A-Za-z]+)?$/.test(role) ? role : null;
}

/** Learner, and no Instructor role (an instructor enrolled as a learner too is not a learner for awards). */
export function isLearnerRoles(roles: readonly string[]): boolean {
  const names = roles.map(membershipRole).filter((r): r is string => r !== null);
  return names.includes('Learner') && !names.some((r) => r === 'Instructor' || r.startsWith('Instructor#'));
}

function readStatus(v: unknown, url: string): MemberStatus {
  if (v === undefined || v === null || v === '') return 'Active';
  const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
  if (s === 'active') return 'Active';
  if (s === 'inactive') return 'Inactive';
  if (s === 'deleted') return 'Deleted';
  throw bad(url, `a member status that is not Active, Inactive or Deleted: ${JSON.stringify(v).slice(0, 40)}`);
}

function readMember(v: unknown, url: string): Member {
  if (!isObj(v)) throw bad(url, 'a member is not an object');
  const roles = v.roles === undefined || v.roles === null ? [] : v.roles;
  if (!Array.isArray(roles) || !roles.every((r): r is string => typeof r === 'string')) throw bad(url, 'a member’s roles are not a list of strings');
  const given = optionalString(v.given_name, url, 'given_name');
  const family = optionalString(v.family_name, url, 'family_name');
  const joined = [given, family].filter((s): s is string => !!s && s.trim() !== '').join(' ');
  const name = optionalString(v.name, url, 'name');
  const email = optionalString(v.email, url, 'email');
  return {
    userId: requiredId(v.user_id, url, 'a member’s user_id'),
    name: name !== null && name.trim() !== '' ? name : joined || null,
    email: email !== null && email.trim() !== '' ? email : null,
    roles,
    status: readStatus(v.status, url),
    isLearner: isLearnerRoles(roles),
  };
}

/** A membership container page: `{ id, context, members: [...] }`. */
export function readMembers(json: unknown, url: string): Member[] {
  if (!isObj(json) || !Array.isArray(json.members)) throw bad(url, 'the membership container has no members list');
  return json.members.map((v) => readMember(v, url));
}
