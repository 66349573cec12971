import { emptyForm, type ProgramForm } from '../../src/domain/programs/form.ts';

/** A complete, compliant Request Form (a micro-credential of 6 credit hours). */
export function goodForm(): ProgramForm {
  return {
    ...emptyForm(),
    title: 'Industrial Maintenance Technician',
    credential_type: 'micro_credential',
    level: 'intermediate',
    department: 'Workforce Development',
    contact: { name: 'Jordan Lee', title: 'Coordinator', email: 'jordan@redriver.example.edu', phone: '555-0100' },
    narrative: 'Earners troubleshoot and maintain industrial equipment safely: electrical, hydraulic and mechanical systems.',
    program_url: 'https://redriver.example.edu/programs/maintenance',
    focus_areas: ['career_preparation', 'workforce_need'],
    courses: [
      { prefix: 'IMT', number: '1103', title: 'Industrial Safety', credit_hours: 3, assessment: 'Practical exam' },
      { prefix: 'IMT', number: '1213', title: 'Hydraulics', credit_hours: 3, assessment: 'Lab assessment' },
    ],
    activities: [{ title: 'Plant rotation', contact_hours: 40, assessment: 'Supervisor evaluation' }],
    outcomes: ['Diagnose a hydraulic failure', 'Apply lockout/tagout procedures'],
    skills: ['Hydraulics', 'Lockout tagout', 'Preventive maintenance', 'Electrical troubleshooting', 'Industrial safety'],
    criteria: 'Complete both courses with a C or better and the plant rotation.',
    delivery_mode: 'hybrid',
  };
}

/** The identity provider's address on Laurel's "Continue to …" page (sign-in start, single logout). */
export function continueUrl(res: { statusCode: number; body: string }): string {
  const m = /<a class="usa-button" href="([^"]+)" id="continue-to-idp">/.exec(res.body);
  if (res.statusCode !== 200 || !m) throw new Error(`no "Continue to" page (${res.statusCode}): ${res.body.slice(0, 300)}`);
  return m[1]!.replace(/&amp;/g, '&');
}
