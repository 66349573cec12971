// The review workflow of PRODUCT.md as a pure transition table: no database, no clock. Given a request's
// state, its kind and who is acting, it says whether the action is allowed and where it leads.
//
//   draft → submitted → in_review → (changes_requested ⇄ resubmitted) → recommended_approve | recommended_deny
//         → approved | denied;  withdrawn by the institution before a decision.
//   Listing-only requests skip the Chancellor: in_review → listed | rejected.
//   After a decision the *program* can be suspended, reinstated or retired (program actions).

export const REQUEST_STATES = [
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'resubmitted',
  'recommended_approve',
  'recommended_deny',
  'approved',
  'denied',
  'listed',
  'rejected',
  'withdrawn',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const STATE_LABELS: Record<RequestState, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  in_review: 'In review',
  changes_requested: 'Changes requested',
  resubmitted: 'Resubmitted',
  recommended_approve: 'Recommended for approval',
  recommended_deny: 'Recommended for denial',
  approved: 'Approved — Endorsed by State Regents',
  denied: 'Denied',
  listed: 'Listed — Not Endorsed by State Regents',
  rejected: 'Not listed',
  withdrawn: 'Withdrawn',
};

/** States where the request is finished; no request action applies any more. */
export const FINAL_STATES: readonly RequestState[] = ['approved', 'denied', 'listed', 'rejected', 'withdrawn'];
export const DECIDED_STATES: readonly RequestState[] = ['approved', 'denied', 'listed', 'rejected'];

export const REQUEST_ACTIONS = [
  'submit',
  'withdraw',
  'start_review',
  'request_changes',
  'resubmit',
  'recommend_approve',
  'recommend_deny',
  'approve',
  'deny',
  'list',
  'reject',
] as const;
export const PROGRAM_ACTIONS = ['suspend', 'reinstate', 'retire'] as const;
export const ACTIONS = [...REQUEST_ACTIONS, ...PROGRAM_ACTIONS] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];
export type ProgramAction = (typeof PROGRAM_ACTIONS)[number];
export type Action = (typeof ACTIONS)[number];

/** Who may act: the request's institution (its program authors and admins), Regents reviewers, the Chancellor. */
export type Party = 'institution' | 'reviewer' | 'chancellor';

export type ProgramStatus = 'draft' | 'active' | 'suspended' | 'retired';

interface Rule {
  readonly from: readonly RequestState[];
  readonly to: RequestState;
  readonly by: readonly Party[];
  /** Which kind of request the step applies to. */
  readonly kind: 'any' | 'endorsed' | 'listing';
  readonly comment: 'required' | 'optional';
  /** Steps that submit content run the compliance rules and are refused on a failed hard rule. */
  readonly runsRules?: boolean;
  readonly label: string;
}

const PRE_DECISION: readonly RequestState[] = ['draft', 'submitted', 'in_review', 'changes_requested', 'resubmitted', 'recommended_approve', 'recommended_deny'];

export const REQUEST_RULES: Record<RequestAction, Rule> = {
  submit: { from: ['draft'], to: 'submitted', by: ['institution'], kind: 'any', comment: 'optional', runsRules: true, label: 'Submit for review' },
  withdraw: { from: PRE_DECISION, to: 'withdrawn', by: ['institution'], kind: 'any', comment: 'optional', label: 'Withdraw the request' },
  start_review: { from: ['submitted', 'resubmitted'], to: 'in_review', by: ['reviewer'], kind: 'any', comment: 'optional', label: 'Start review' },
  request_changes: { from: ['in_review'], to: 'changes_requested', by: ['reviewer'], kind: 'any', comment: 'required', label: 'Request changes' },
  resubmit: { from: ['changes_requested'], to: 'resubmitted', by: ['institution'], kind: 'any', comment: 'optional', runsRules: true, label: 'Resubmit' },
  recommend_approve: { from: ['in_review'], to: 'recommended_approve', by: ['reviewer'], kind: 'endorsed', comment: 'optional', label: 'Recommend approval to the Chancellor' },
  recommend_deny: { from: ['in_review'], to: 'recommended_deny', by: ['reviewer'], kind: 'endorsed', comment: 'required', label: 'Recommend denial to the Chancellor' },
  approve: { from: ['recommended_approve', 'recommended_deny'], to: 'approved', by: ['chancellor'], kind: 'endorsed', comment: 'optional', label: 'Approve (Endorsed by State Regents)' },
  deny: { from: ['recommended_approve', 'recommended_deny'], to: 'denied', by: ['chancellor'], kind: 'endorsed', comment: 'required', label: 'Deny' },
  list: { from: ['in_review'], to: 'listed', by: ['reviewer'], kind: 'listing', comment: 'optional', label: 'List in the inventory (Not Endorsed)' },
  reject: { from: ['in_review'], to: 'rejected', by: ['reviewer'], kind: 'listing', comment: 'required', label: 'Reject the listing' },
};

interface ProgramRule {
  readonly from: readonly ProgramStatus[];
  readonly to: ProgramStatus;
  readonly by: readonly Party[];
  readonly comment: 'required' | 'optional';
  readonly label: string;
}

export const PROGRAM_RULES: Record<ProgramAction, ProgramRule> = {
  suspend: { from: ['active'], to: 'suspended', by: ['reviewer', 'chancellor'], comment: 'required', label: 'Suspend the program' },
  reinstate: { from: ['suspended'], to: 'active', by: ['reviewer', 'chancellor'], comment: 'optional', label: 'Reinstate the program' },
  retire: { from: ['active', 'suspended'], to: 'retired', by: ['institution', 'reviewer', 'chancellor'], comment: 'optional', label: 'Retire the program' },
};

export function isAction(v: unknown): v is Action {
  return typeof v === 'string' && (ACTIONS as readonly string[]).includes(v);
}

export function isProgramAction(a: Action): a is ProgramAction {
  return (PROGRAM_ACTIONS as readonly string[]).includes(a);
}

export type Decision =
  | { readonly ok: true; readonly to: string; readonly commentRequired: boolean; readonly runsRules: boolean }
  | { readonly ok: false; readonly reason: 'wrong_state' | 'wrong_party' | 'wrong_kind'; readonly message: string };

/** Decides a request action. `parties` are the capacities the actor holds for this request. */
export function decideRequestAction(opts: { action: RequestAction; state: RequestState; endorsed: boolean; parties: readonly Party[] }): Decision {
  const rule = REQUEST_RULES[opts.action];
  if (!rule.by.some((p) => opts.parties.includes(p))) {
    return { ok: false, reason: 'wrong_party', message: `Only ${rule.by.map(partyLabel).join(' or ')} can ${rule.label.toLowerCase()}.` };
  }
  if (rule.kind === 'endorsed' && !opts.endorsed) {
    return { ok: false, reason: 'wrong_kind', message: 'Listing-only requests are decided by Regents staff (list or reject), without a recommendation to the Chancellor.' };
  }
  if (rule.kind === 'listing' && opts.endorsed) {
    return { ok: false, reason: 'wrong_kind', message: 'Requests for endorsement are recommended to the Chancellor, who decides.' };
  }
  if (!rule.from.includes(opts.state)) {
    return { ok: false, reason: 'wrong_state', message: `A request that is “${STATE_LABELS[opts.state]}” cannot be moved with “${rule.label}”.` };
  }
  return { ok: true, to: rule.to, commentRequired: rule.comment === 'required', runsRules: rule.runsRules === true };
}

export function decideProgramAction(opts: { action: ProgramAction; status: ProgramStatus; parties: readonly Party[] }): Decision {
  const rule = PROGRAM_RULES[opts.action];
  if (!rule.by.some((p) => opts.parties.includes(p))) {
    return { ok: false, reason: 'wrong_party', message: `Only ${rule.by.map(partyLabel).join(' or ')} can ${rule.label.toLowerCase()}.` };
  }
  if (!rule.from.includes(opts.status)) {
    return { ok: false, reason: 'wrong_state', message: `A program that is ${opts.status} cannot be moved with “${rule.label}”.` };
  }
  return { ok: true, to: rule.to, commentRequired: rule.comment === 'required', runsRules: false };
}

function partyLabel(p: Party): string {
  return p === 'institution' ? 'the institution’s program authors and administrators' : p === 'reviewer' ? 'Regents staff reviewers' : 'the Chancellor';
}

/** Actions available now, for showing buttons. */
export function availableRequestActions(opts: { state: RequestState; endorsed: boolean; parties: readonly Party[] }): RequestAction[] {
  return REQUEST_ACTIONS.filter((action) => decideRequestAction({ ...opts, action }).ok);
}

export function availableProgramActions(opts: { status: ProgramStatus; parties: readonly Party[] }): ProgramAction[] {
  return PROGRAM_ACTIONS.filter((action) => decideProgramAction({ ...opts, action }).ok);
}

export function actionLabel(a: Action): string {
  return isProgramAction(a) ? PROGRAM_RULES[a].label : REQUEST_RULES[a].label;
}

/** Who acts next, in words, for "what is waiting on me" lists. */
export function waitingOn(state: RequestState): Party | null {
  switch (state) {
    case 'draft':
    case 'changes_requested':
      return 'institution';
    case 'submitted':
    case 'resubmitted':
    case 'in_review':
      return 'reviewer';
    case 'recommended_approve':
    case 'recommended_deny':
      return 'chancellor';
    default:
      return null;
  }
}
