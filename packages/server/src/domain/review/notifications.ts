// Who is emailed at each step: the people who act next (PRODUCT.md "The review workflow").
import type { Repos } from '../../storage/repositories/index.ts';
import type { RequestRecord } from '../../storage/repositories/requests.ts';
import type { Config } from '../../config.ts';
import { composeEmail, queueEmail } from '../email.ts';
import type { Role } from '../../shared/roles.ts';
import type { Action } from './workflow.ts';

async function emailsOf(r: Repos, userIds: Iterable<string>): Promise<{ email: string; name: string }[]> {
  const out = new Map<string, { email: string; name: string }>();
  for (const id of userIds) {
    const u = await r.users.findById(id);
    if (u && u.status === 'active') out.set(u.email, { email: u.email, name: u.name });
  }
  return [...out.values()];
}

async function withRole(r: Repos, role: Role, organizationId?: string): Promise<string[]> {
  return r.memberships.usersWithRole(role, organizationId);
}

/** The institution side: the request's author and the institution's admins. */
async function institutionPeople(r: Repos, req: RequestRecord): Promise<string[]> {
  return [...(req.createdBy ? [req.createdBy] : []), ...(await withRole(r, 'institution_admin', req.organizationId))];
}

export async function notifyTransition(r: Repos, opts: { config: Config; request: RequestRecord; organizationName: string; action: Action; comment: string | null; at: string }): Promise<void> {
  const { request: req, config } = opts;
  const reviewUrl = `${config.publicUrl}/requests/${req.id}`;
  const commentPara = opts.comment ? [`Comment: “${opts.comment}”`] : [];
  let recipients: string[] = [];
  let subject = '';
  let lines: string[] = [];
  switch (opts.action) {
    case 'submit':
    case 'resubmit':
      recipients = await withRole(r, 'regents_reviewer');
      subject = `${opts.action === 'submit' ? 'New request' : 'Resubmitted request'} to review: ${req.title}`;
      lines = [`${opts.organizationName} ${opts.action === 'submit' ? 'submitted' : 'resubmitted'} “${req.title}” (${req.endorsementRequested ? 'requesting endorsement' : 'listing only'}).`, ...commentPara];
      break;
    case 'request_changes':
      recipients = await institutionPeople(r, req);
      subject = `Changes requested: ${req.title}`;
      lines = [`State Regents’ staff asked for changes to “${req.title}” before it can go further.`, ...commentPara, 'Edit the request and resubmit it.'];
      break;
    case 'recommend_approve':
    case 'recommend_deny':
      recipients = await withRole(r, 'chancellor');
      subject = `Recommendation for your decision: ${req.title}`;
      lines = [`Regents staff recommend that “${req.title}” from ${opts.organizationName} be ${opts.action === 'recommend_approve' ? 'approved' : 'denied'}.`, ...commentPara];
      break;
    case 'approve':
    case 'deny':
    case 'list':
    case 'reject': {
      recipients = await institutionPeople(r, req);
      const outcome = { approve: 'approved — it is now Endorsed by State Regents and listed on the statewide inventory', deny: 'denied', list: 'listed on the statewide inventory as Not Endorsed by State Regents', reject: 'not accepted for listing' }[opts.action];
      subject = `Decision on ${req.title}: ${{ approve: 'approved', deny: 'denied', list: 'listed', reject: 'not listed' }[opts.action]}`;
      lines = [`“${req.title}” has been ${outcome}.`, ...commentPara];
      break;
    }
    case 'suspend':
    case 'reinstate':
    case 'retire':
      recipients = await institutionPeople(r, req);
      subject = `${{ suspend: 'Suspended', reinstate: 'Reinstated', retire: 'Retired' }[opts.action]}: ${req.title}`;
      lines = [`The program “${req.title}” has been ${{ suspend: 'suspended and removed from the inventory', reinstate: 'reinstated and is listed again', retire: 'retired and removed from the inventory' }[opts.action]}.`, ...commentPara];
      break;
    default:
      return;
  }
  for (const to of await emailsOf(r, recipients)) {
    await queueEmail(r, composeEmail({ to: to.email, subject, greeting: `Hello ${to.name},`, paragraphs: lines, action: { label: 'Open the request', url: reviewUrl } }), opts.at);
  }
}

export async function notifyRereviewDue(r: Repos, opts: { config: Config; request: RequestRecord; dueAt: string; at: string }): Promise<void> {
  const people = await emailsOf(r, await institutionPeople(r, opts.request));
  const reviewers = await emailsOf(r, await withRole(r, 'regents_reviewer'));
  const due = new Date(opts.dueAt).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  for (const to of [...people, ...reviewers]) {
    await queueEmail(
      r,
      composeEmail({
        to: to.email,
        subject: `Re-review due ${due}: ${opts.request.title}`,
        greeting: `Hello ${to.name},`,
        paragraphs: [`“${opts.request.title}” is due for its periodic re-review on ${due}. The institution can start a revision to confirm or update the program.`],
        action: { label: 'Open the program’s request', url: `${opts.config.publicUrl}/requests/${opts.request.id}` },
      }),
      opts.at,
    );
  }
}
