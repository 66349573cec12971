// A placed badge's pages inside the course, after the launch (domain/lti/placement-view.ts): GET
// /lti/placement shows the instructor's or the student's page again (status filters, pages of students,
// the refresh while results are read); the forms post the award rule, "read the results now", the
// instructor's one-step approval and the student's "add to my portfolio". Each carries its frame
// session's token and the launch's binding key instead of Laurel's CSRF token (kit/auth.ts): Laurel's
// cookies are not sent inside the platform's frame. After a post the page is drawn at once, as the
// frame has no flash cookie to carry a message across a redirect.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Deps } from '../../domain/deps.ts';
import { approveQualified } from '../../domain/lti/award-learners.ts';
import { gradeColumns, saveAwardRule, type RuleForm } from '../../domain/lti/award-rules.ts';
import { requestResultsCheck } from '../../domain/lti/check-results.ts';
import { claimFromFrame } from '../../domain/lti/claim-from-frame.ts';
import { FRAME_SESSION_MS, openFrameSession, type OpenFrame } from '../../domain/lti/frame-session.ts';
import { instructorView, learnerView } from '../../domain/lti/placement-view.ts';
import { LtiLaunchError } from '../../domain/lti/refusals.ts';
import { DomainError } from '../../domain/errors.ts';
import { STATUS } from '../../kit/problem.ts';
import { LtiRefusedPage } from '../pages/lti/launch-pages.tsx';
import { InstructorPlacementPage, LearnerPlacementPage, type FrameKeys, type RuleFormState } from '../pages/lti/placement-pages.tsx';
import { requestLocale, sendPage } from '../render.tsx';
import { FormFields } from '../schemas.ts';
import { field, pageNumber, type FormBody } from './forms.ts';
import { allowFraming } from './lti-frame.ts';

export const LTI_BROWSER_COOKIE = 'laurel_lti';
export const ltiCookieName = (bindingKey: string) => `${LTI_BROWSER_COOKIE}_${bindingKey}`;
const BINDING_KEY = /^[0-9a-f]{16}$/;

const PlacementQuery = Type.Object({
  session: Type.Optional(Type.String({ maxLength: 200 })),
  binding: Type.Optional(Type.String({ maxLength: 100 })),
  status: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Optional(Type.String({ maxLength: 10 })),
  edit: Type.Optional(Type.String({ maxLength: 1 })),
});

/** The launch's binding cookie, kept as long as its frame session (set at login initiation for the login's ten minutes). */
export function keepBindingCookie(req: FastifyRequest, reply: FastifyReply, bindingKey: string): void {
  const value = req.cookies[ltiCookieName(bindingKey)];
  if (value) reply.setCookie(ltiCookieName(bindingKey), value, { path: '/lti/', httpOnly: true, secure: true, sameSite: 'none', partitioned: true, maxAge: FRAME_SESSION_MS / 1000 });
}

function ruleValues(frame: OpenFrame): RuleFormState['values'] {
  const r = frame.placement.rule;
  return { kind: r.kind === 'completion' ? 'completion' : 'score', threshold: r.threshold === null ? '' : String(r.threshold), lineItem: r.lineItemUrl ?? '', autoIssue: r.autoIssue };
}

/** Draws the page of a frame session: the instructor's (with the rule form when there is no rule, or when editing) or the student's. */
export async function sendFramePage(
  deps: Deps,
  reply: FastifyReply,
  frame: OpenFrame,
  keys: FrameKeys,
  opts: { status?: string | undefined; page?: number; edit?: boolean; notice?: string | undefined; error?: string | undefined; problem?: string | null; rule?: RuleFormState; httpStatus?: number } = {},
): Promise<FastifyReply> {
  allowFraming(reply, { ancestors: frame.session.frameOrigins });
  reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
  if (frame.session.role === 'learner') return sendPage(reply, <LearnerPlacementPage v={await learnerView(deps, frame, { problem: opts.problem ?? null })} keys={keys} notice={opts.notice} error={opts.error} />, opts.httpStatus ?? 200);
  const v = await instructorView(deps, frame, { status: opts.status, page: opts.page });
  let rule = opts.rule ?? null;
  if (!rule && (frame.placement.rule.kind === 'none' || opts.edit)) {
    const columns = await gradeColumns(deps, frame);
    const values = ruleValues(frame);
    const own = columns.items.find((c) => c.resourceLinkId !== null && c.resourceLinkId === frame.placement.resourceLinkId);
    rule = { columns: columns.items, problem: columns.problem, values: { ...values, lineItem: values.lineItem || own?.id || '', threshold: values.threshold || '80' }, errors: {} };
  }
  return sendPage(reply, <InstructorPlacementPage v={v} keys={keys} rule={rule} notice={opts.notice} />, opts.httpStatus ?? 200);
}

export function registerLtiPlacementPages(parent: FastifyInstance): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  const deps = () => app.laurel.deps;
  const LIMIT = { max: app.laurel.config.signInRateLimit * 4, timeWindow: '1 minute' };

  function keysOf(source: FormBody): FrameKeys {
    const binding = field(source, 'binding');
    return { token: field(source, 'session'), binding: BINDING_KEY.test(binding) ? binding : '' };
  }
  const open = (req: FastifyRequest, keys: FrameKeys, role?: 'instructor' | 'learner') => openFrameSession(deps(), { token: keys.token, browserToken: keys.binding ? (req.cookies[ltiCookieName(keys.binding)] ?? null) : null, ip: req.ip, ...(role ? { role } : {}) });

  function refused(reply: FastifyReply, err: unknown): FastifyReply {
    if (!(err instanceof LtiLaunchError)) throw err;
    allowFraming(reply, { ancestors: '*' });
    return sendPage(reply, <LtiRefusedPage message={err.message} reason={err.reason} />, err.reason === 'not_instructor' || err.reason === 'platform_disabled' ? 403 : 401);
  }

  /** Opens the request's frame session (refusing it with the refusal page), then runs the step. */
  function framed(role: 'instructor' | 'learner' | undefined, step: (req: FastifyRequest, reply: FastifyReply, frame: OpenFrame, keys: FrameKeys, form: FormBody) => Promise<FastifyReply>) {
    return async (req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
      const form = (req.method === 'GET' ? req.query : req.body) as FormBody;
      const keys = keysOf(form);
      let frame: OpenFrame;
      try {
        frame = await open(req, keys, role);
      } catch (err) {
        return refused(reply, err);
      }
      return step(req, reply, frame, keys, form);
    };
  }
  const post = { schema: { body: FormFields }, config: { rateLimit: LIMIT } };

  app.get(
    '/lti/placement',
    { schema: { querystring: PlacementQuery }, config: { rateLimit: LIMIT } },
    framed(undefined, (_req, reply, frame, keys, q) => sendFramePage(deps(), reply, frame, keys, { status: field(q, 'status') || undefined, page: pageNumber(field(q, 'page')), edit: field(q, 'edit') === '1' })),
  );

  app.post(
    '/lti/placement/rule',
    post,
    framed('instructor', async (req, reply, frame, keys, b) => {
      const form: RuleForm = { kind: field(b, 'kind'), threshold: field(b, 'threshold'), lineItem: field(b, 'lineItem'), autoIssue: field(b, 'autoIssue') === '1' };
      try {
        const placement = await saveAwardRule(deps(), frame, form, req.ip);
        await requestResultsCheck(deps(), placement.id, { force: true });
        return await sendFramePage(deps(), reply, await open(req, keys, 'instructor'), keys, { notice: 'The rule is saved. Laurel is reading the course’s results.' });
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'validation_failed') throw err;
        const columns = await gradeColumns(deps(), frame);
        const rule: RuleFormState = { columns: columns.items, problem: columns.problem, values: form, errors: err.fields, message: err.message };
        return sendFramePage(deps(), reply, frame, keys, { rule, httpStatus: STATUS.validation_failed });
      }
    }),
  );

  app.post(
    '/lti/placement/check',
    post,
    framed('instructor', async (req, reply, frame, keys) => {
      await requestResultsCheck(deps(), frame.placement.id);
      return sendFramePage(deps(), reply, await open(req, keys, 'instructor'), keys);
    }),
  );

  app.post(
    '/lti/placement/award',
    post,
    framed('instructor', async (req, reply, frame, keys) => {
      const run = await approveQualified(deps(), frame, { ip: req.ip });
      const parts = [`Issued the badge to ${run.issued} ${run.issued === 1 ? 'student' : 'students'}.`];
      if (run.alreadyHeld) parts.push(`${run.alreadyHeld} already held it.`);
      if (run.failed) parts.push(`${run.failed} could not be issued: see their rows.`);
      return sendFramePage(deps(), reply, frame, keys, { notice: run.problem ?? parts.join(' ') });
    }),
  );

  app.post(
    '/lti/placement/claim',
    post,
    framed('learner', async (req, reply, frame, keys) => {
      try {
        const c = await claimFromFrame(deps(), frame, req.ip, requestLocale(req));
        const notice = c.created ? `The badge is in your new Laurel portfolio for ${c.email}. We emailed you how to sign in to it.` : `The badge is in your Laurel portfolio (${c.email}).`;
        return await sendFramePage(deps(), reply, frame, keys, { notice });
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'invalid_transition') throw err;
        return sendFramePage(deps(), reply, frame, keys, { error: err.message, httpStatus: STATUS.invalid_transition });
      }
    }),
  );
}
