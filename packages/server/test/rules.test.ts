// Every compliance rule, passing and failing, and thresholds taken from the policy settings.
import { describe, expect, it } from 'vitest';
import type { ProgramForm } from '../src/domain/programs/form.ts';
import { goodForm } from './helpers/forms.ts';
import { checkCompliance, failedHardRules, publicUrlProblem, RULE_IDS, type RuleId } from '../src/domain/review/rules.ts';
import { DEFAULT_POLICY } from '../src/domain/review/settings.ts';


function statusOf(form: ProgramForm, id: RuleId, opts: { duplicateTitle?: boolean; policy?: Partial<typeof DEFAULT_POLICY> } = {}) {
  const r = checkCompliance(form, { policy: { ...DEFAULT_POLICY, ...opts.policy }, duplicateTitle: opts.duplicateTitle ?? false });
  return r.find((x) => x.id === id)!;
}

describe('compliance rules', () => {
  it('passes a complete, compliant form', () => {
    const results = checkCompliance(goodForm(), { policy: DEFAULT_POLICY, duplicateTitle: false });
    expect(results.map((r) => r.id)).toEqual([...RULE_IDS]);
    expect(results.filter((r) => r.status !== 'passed')).toEqual([]);
    expect(failedHardRules(results)).toEqual([]);
  });

  const failing: [RuleId, (f: ProgramForm) => void, RegExp][] = [
    ['required_fields', (f) => (f.department = ''), /department or unit/],
    ['narrative_length', (f) => (f.narrative = 'x'.repeat(501)), /501 characters; the limit is 500/],
    ['credit_hours_max', (f) => f.courses.push({ prefix: 'IMT', number: '2214', title: 'PLC', credit_hours: 4, assessment: 'Exam' }), /10 credit hours; a micro-credential may have at most 9/],
    ['has_courses_or_activities', (f) => ((f.courses = []), (f.activities = [])), /at least one/],
    ['activities_assessed', (f) => (f.activities[0]!.assessment = ''), /Plant rotation/],
    ['skills_min', (f) => (f.skills = f.skills.slice(0, 4)), /at least 5 skill tags; there are 4/],
    ['skill_words', (f) => (f.skills[0] = 'very long skill tag of words'), /1–4 words/],
    ['program_url_public', (f) => (f.program_url = 'http://intranet.local/x'), /public internet/],
    ['criteria_present', (f) => (f.criteria = ' '), /earning criteria/],
    ['outcomes_present', (f) => (f.outcomes = []), /learning outcome/],
    ['contact_email', (f) => (f.contact.email = 'nope'), /email address/],
    ['badge_image_alt', (f) => (f.badge.image_attachment_id = 'img-1'), /alt text/],
  ];
  for (const [id, breakIt, message] of failing) {
    it(`${id}: fails with a clear message, as a hard rule`, () => {
      const f = goodForm();
      breakIt(f);
      const r = statusOf(f, id);
      expect(r.status).toBe('failed');
      expect(r.hard).toBe(true);
      expect(r.message).toMatch(message);
    });
  }

  it('duplicate_title: fails when another program at the institution has the title', () => {
    expect(statusOf(goodForm(), 'duplicate_title', { duplicateTitle: true }).status).toBe('failed');
    expect(statusOf(goodForm(), 'duplicate_title').status).toBe('passed');
  });

  it('focus_area: only warns', () => {
    const f = goodForm();
    f.focus_areas = [];
    expect(statusOf(f, 'focus_area')).toMatchObject({ status: 'warning', hard: false });
    expect(failedHardRules(checkCompliance(f, { policy: DEFAULT_POLICY, duplicateTitle: false }))).toEqual([]);
  });

  it('applies the credit-hour limit to micro-credentials only', () => {
    const f = goodForm();
    f.credential_type = 'certificate';
    f.courses.push({ prefix: 'IMT', number: '2214', title: 'PLC', credit_hours: 12, assessment: 'Exam' });
    expect(statusOf(f, 'credit_hours_max').status).toBe('passed');
  });

  it('takes its thresholds from the policy settings', () => {
    const f = goodForm();
    f.courses.push({ prefix: 'IMT', number: '2214', title: 'PLC', credit_hours: 4, assessment: 'Exam' });
    expect(statusOf(f, 'credit_hours_max').status).toBe('failed');
    expect(statusOf(f, 'credit_hours_max', { policy: { credit_hours_max: 12 } }).status).toBe('passed');
    expect(statusOf(goodForm(), 'skills_min', { policy: { skills_min: 6 } }).status).toBe('failed');
    expect(statusOf(goodForm(), 'narrative_length', { policy: { narrative_max_chars: 50 } }).status).toBe('failed');
    expect(statusOf(goodForm(), 'skill_words', { policy: { skill_words_max: 1 } }).status).toBe('failed');
  });

  it.each([
    ['https://www.example.edu/p', undefined],
    ['ftp://example.edu/p', /https/],
    ['https://localhost/p', /public internet/],
    ['http://10.1.2.3/p', /public internet/],
    ['https://192.168.0.5/', /public internet/],
    ['https://user:pw@example.edu/', /user name/],
    ['not a url', /full web address/],
  ])('program URL %s', (url, problem) => {
    const p = publicUrlProblem(url);
    if (problem) expect(p).toMatch(problem);
    else expect(p).toBeUndefined();
  });
});
