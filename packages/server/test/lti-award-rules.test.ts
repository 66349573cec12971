// The award rule's arithmetic, without a platform: when a result meets a threshold or completion, how the
// roster and the results make each student's reading, and how a score is written for people.
import { describe, expect, it } from 'vitest';
import { formatScore, meetsRule, readingsOf } from '../src/domain/lti/award-rules.ts';
import type { LtiAwardRule } from '../src/storage/repositories/lti.ts';

const rule = (over: Partial<LtiAwardRule>): LtiAwardRule => ({ kind: 'score', threshold: 80, lineItemUrl: 'https://lms.example.edu/li/1', lineItemLabel: 'Final exam', autoIssue: false, updatedBy: null, ...over });

describe('award rules', () => {
  it.each([
    { name: '40 of 50 is 80%', r: rule({}), score: 40, max: 50, meets: true },
    { name: 'a hair under, as a platform stores it', r: rule({}), score: 79.9999999, max: 100, meets: true },
    { name: '79.9 of 100 is not 80%', r: rule({}), score: 79.9, max: 100, meets: false },
    { name: 'no result yet', r: rule({}), score: null, max: 50, meets: false },
    { name: 'no maximum to compare with', r: rule({}), score: 40, max: null, meets: false },
    { name: 'a zero maximum', r: rule({}), score: 0, max: 0, meets: false },
    { name: 'completion: any graded result, even 0', r: rule({ kind: 'completion', threshold: null }), score: 0, max: 10, meets: true },
    { name: 'completion: not graded', r: rule({ kind: 'completion', threshold: null }), score: null, max: 10, meets: false },
    { name: 'no rule', r: rule({ kind: 'none', threshold: null }), score: 50, max: 50, meets: false },
  ])('$name', ({ r, score, max, meets }) => {
    expect(meetsRule(r, score, max)).toBe(meets);
  });

  it('reads the roster’s active learners with their results, the line item’s maximum where a result has none', () => {
    const readings = readingsOf(rule({}), {
      members: [
        { userId: 'a', name: 'Ana', email: 'ANA@x.edu', roles: [], status: 'Active', isLearner: true },
        { userId: 'b', name: 'Ben', email: 'ben@x.edu', roles: [], status: 'Active', isLearner: true },
        { userId: 'c', name: 'Cy', email: null, roles: [], status: 'Inactive', isLearner: true },
        { userId: 't', name: 'Terry', email: 't@x.edu', roles: [], status: 'Active', isLearner: false },
        { userId: 'd', name: 'Dee', email: 'dee@x.edu', roles: [], status: 'Active', isLearner: true },
      ],
      results: [
        { userId: 'a', resultScore: 45, resultMaximum: null, comment: null },
        { userId: 'b', resultScore: 9, resultMaximum: 10, comment: null },
        { userId: 'c', resultScore: 50, resultMaximum: 50, comment: null },
      ],
      lineItemMaximum: 50,
    });
    expect(readings).toEqual([
      { userId: 'a', email: 'ana@x.edu', name: 'Ana', score: 45, maximum: 50, qualified: true },
      { userId: 'b', email: 'ben@x.edu', name: 'Ben', score: 9, maximum: 10, qualified: true },
      { userId: 'd', email: 'dee@x.edu', name: 'Dee', score: null, maximum: null, qualified: false },
    ]);
  });

  it('without a roster, knows the students by their results', () => {
    const readings = readingsOf(rule({}), { members: null, results: [{ userId: 'z', resultScore: 10, resultMaximum: 50, comment: null }], lineItemMaximum: null });
    expect(readings).toEqual([{ userId: 'z', email: null, name: null, score: 10, maximum: 50, qualified: false }]);
  });

  it('writes scores for people', () => {
    expect(formatScore(45, 50)).toBe('45 of 50 (90%)');
    expect(formatScore(2 / 3, 1)).toBe('0.67 of 1 (66.7%)');
    expect(formatScore(null, 50)).toBe('no result yet');
    expect(formatScore(7, null)).toBe('7');
  });
});
