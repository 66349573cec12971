// The transition table, without a database: every action against every state, kind and party.
import { describe, expect, it } from 'vitest';
import { ACTIONS, decideProgramAction, decideRequestAction, isProgramAction, PROGRAM_ACTIONS, REQUEST_ACTIONS, REQUEST_STATES, type Party, type RequestState } from '../src/domain/review/workflow.ts';

// The specification, written out independently of the implementation's table.
const SPEC: Record<string, { from: RequestState[]; to: RequestState; by: Party; kind: 'any' | 'endorsed' | 'listing'; comment: boolean }> = {
  submit: { from: ['draft'], to: 'submitted', by: 'institution', kind: 'any', comment: false },
  withdraw: { from: ['draft', 'submitted', 'in_review', 'changes_requested', 'resubmitted', 'recommended_approve', 'recommended_deny'], to: 'withdrawn', by: 'institution', kind: 'any', comment: false },
  start_review: { from: ['submitted', 'resubmitted'], to: 'in_review', by: 'reviewer', kind: 'any', comment: false },
  request_changes: { from: ['in_review'], to: 'changes_requested', by: 'reviewer', kind: 'any', comment: true },
  resubmit: { from: ['changes_requested'], to: 'resubmitted', by: 'institution', kind: 'any', comment: false },
  recommend_approve: { from: ['in_review'], to: 'recommended_approve', by: 'reviewer', kind: 'endorsed', comment: false },
  recommend_deny: { from: ['in_review'], to: 'recommended_deny', by: 'reviewer', kind: 'endorsed', comment: true },
  approve: { from: ['recommended_approve', 'recommended_deny'], to: 'approved', by: 'chancellor', kind: 'endorsed', comment: false },
  deny: { from: ['recommended_approve', 'recommended_deny'], to: 'denied', by: 'chancellor', kind: 'endorsed', comment: true },
  list: { from: ['in_review'], to: 'listed', by: 'reviewer', kind: 'listing', comment: false },
  reject: { from: ['in_review'], to: 'rejected', by: 'reviewer', kind: 'listing', comment: true },
};
const PARTIES: Party[] = ['institution', 'reviewer', 'chancellor'];

describe('request transitions', () => {
  it('covers every request action', () => {
    expect(Object.keys(SPEC).sort()).toEqual([...REQUEST_ACTIONS].sort());
  });

  for (const action of REQUEST_ACTIONS) {
    it(`${action}: allowed exactly for its party, kind and states`, () => {
      const spec = SPEC[action]!;
      for (const state of REQUEST_STATES) {
        for (const endorsed of [true, false]) {
          for (const party of PARTIES) {
            const d = decideRequestAction({ action, state, endorsed, parties: [party] });
            const kindOk = spec.kind === 'any' || (spec.kind === 'endorsed') === endorsed;
            const shouldPass = party === spec.by && kindOk && spec.from.includes(state);
            expect(d.ok, `${action} from ${state} by ${party} (${endorsed ? 'endorsed' : 'listing'})`).toBe(shouldPass);
            if (d.ok) {
              expect(d.to).toBe(spec.to);
              expect(d.commentRequired).toBe(spec.comment);
            } else if (party !== spec.by) {
              expect(d.reason).toBe('wrong_party');
            }
          }
          // Someone with no capacity for this request (another institution, an issuer, an earner) never may.
          const none = decideRequestAction({ action, state, endorsed, parties: [] });
          expect(none.ok).toBe(false);
          if (!none.ok) expect(none.reason).toBe('wrong_party');
        }
      }
    });
  }

  it('runs the compliance rules only on submit and resubmit', () => {
    expect(decideRequestAction({ action: 'submit', state: 'draft', endorsed: true, parties: ['institution'] })).toMatchObject({ ok: true, runsRules: true });
    expect(decideRequestAction({ action: 'resubmit', state: 'changes_requested', endorsed: true, parties: ['institution'] })).toMatchObject({ ok: true, runsRules: true });
    expect(decideRequestAction({ action: 'start_review', state: 'submitted', endorsed: true, parties: ['reviewer'] })).toMatchObject({ ok: true, runsRules: false });
  });

  it('sends listing-only requests past the Chancellor', () => {
    expect(decideRequestAction({ action: 'recommend_approve', state: 'in_review', endorsed: false, parties: ['reviewer'] })).toMatchObject({ ok: false, reason: 'wrong_kind' });
    expect(decideRequestAction({ action: 'list', state: 'in_review', endorsed: false, parties: ['reviewer'] })).toMatchObject({ ok: true, to: 'listed' });
  });
});

describe('program transitions', () => {
  const SPEC_P = {
    suspend: { from: ['active'], by: ['reviewer', 'chancellor'], comment: true },
    reinstate: { from: ['suspended'], by: ['reviewer', 'chancellor'], comment: false },
    retire: { from: ['active', 'suspended'], by: ['institution', 'reviewer', 'chancellor'], comment: false },
  } as const;
  for (const action of PROGRAM_ACTIONS) {
    it(`${action}: allowed exactly for its parties and statuses`, () => {
      for (const status of ['draft', 'active', 'suspended', 'retired'] as const) {
        for (const party of PARTIES) {
          const d = decideProgramAction({ action, status, parties: [party] });
          const should = (SPEC_P[action].by as readonly string[]).includes(party) && (SPEC_P[action].from as readonly string[]).includes(status);
          expect(d.ok, `${action} ${status} ${party}`).toBe(should);
          if (d.ok) expect(d.commentRequired).toBe(SPEC_P[action].comment);
        }
        expect(decideProgramAction({ action, status, parties: [] }).ok).toBe(false);
      }
    });
  }
  it('knows every action as a request or a program action', () => {
    expect(ACTIONS.filter(isProgramAction)).toEqual([...PROGRAM_ACTIONS]);
  });
});
