// LTI 1.3 award rules in Chromium (issue #14), with axe on every page of Laurel's: Red River's
// institution admin registers the test LTI platform (packages/server/test/support/lti-platform.ts, a real
// platform on 127.0.0.1 with its own keys) by hand; inside the platform's course page, in an iframe as an
// LMS shows it, the instructor places a badge by deep linking, sets an award rule on the placed link
// (80% of "Final exam", approval), waits while Laurel's job worker reads the roster (NRPS) and results
// (AGS), and issues the badge to the one student who qualifies; that student adds it to a new Laurel
// portfolio from the course, and the student below the threshold sees "Not earned yet" with the result.
// Laurel is served as http://localhost:<port> and the platform as http://127.0.0.1:<port>, so the frame
// is cross-site, as in production. Screenshots go to e2e/artifacts/ and /tmp/lti-shots/.
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLtiPlatform, type LaunchSpec, type PlatformUser, type RunningLtiPlatform } from '../packages/server/test/support/lti-platform.ts';
import { checkA11y, checkFrameA11y, inContext, screenshot } from './support/browser.ts';
import { useJourney } from './support/journey.ts';
import { DEMO_PASSWORD, signIn } from './support/session.ts';

const SHOTS = '/tmp/lti-shots';
const RR_ADMIN = 'admin@redriver.example.edu';
const BADGE = 'Welding Technology: SMAW and GMAW';
const FRAME = 'iframe[name="tool-frame"]';
const CLIENT_ID = 'rr-canvas-10000000000042';
const DEPLOYMENT_ID = '42:8f1c0e6d2a';

const journey = useJourney({ LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1' }, { host: 'localhost' });
let platform: RunningLtiPlatform;

const course = { id: 'course-weld-101', title: 'Welding 101', label: 'WELD101' };
const teacher: PlatformUser = { sub: 'teacher-terry', name: 'Terry Teacher', email: 'terry@redriver.example.edu', role: 'instructor' };
const ana: PlatformUser = { sub: 'student-ana', name: 'Ana Alvarez', email: 'ana@students.redriver.example.edu', role: 'student' };
const ben: PlatformUser = { sub: 'student-ben', name: 'Ben Brown', email: 'ben@students.redriver.example.edu', role: 'student' };
/** The placed link, as the platform makes it from the content item Laurel returned. */
const placed: { link: { id: string; title: string }; custom: Record<string, string> } = { link: { id: 'link-weld-badge-7', title: '' }, custom: {} };

beforeAll(async () => {
  // The demo data has no Red River administrator: the operator adds one, as `laurel user add` does.
  await journey.server.cli(['user', 'add', '--email', RR_ADMIN, '--password', DEMO_PASSWORD, '--role', 'institution_admin', '--org', 'red-river', '--name', 'Riley Redbird']);
  platform = await startLtiPlatform({ dialect: 'canvas', now: () => new Date(), fetchToolJwks: async (url) => (await fetch(url)).json() });
});
afterAll(async () => platform?.close());

/** A window tall enough for the course page and its frame: a cross-site frame outside the viewport is not drawn in a screenshot. */
async function withPage(name: string, fn: (page: Page) => Promise<void>): Promise<void> {
  await inContext({ browser: journey.browser, name, serverOutput: () => journey.server.output(), viewport: { width: 1280, height: 1240 } }, fn);
}

/** Opens the platform's course page for the launch and waits for Laurel's page in the frame to show `text`. */
async function openCourse(page: Page, spec: LaunchSpec, text: string | RegExp): Promise<{ tool: FrameLocator; frame: () => Frame }> {
  await page.goto(platform.coursePage(spec));
  const tool = page.frameLocator(FRAME);
  await tool.getByText(text).first().waitFor({ timeout: 30_000 });
  return { tool, frame: () => page.frame({ name: 'tool-frame' })! };
}

/** Sets a USWDS radio or checkbox (the input is drawn off-screen) by its label, as a person does. */
async function setChoice(tool: FrameLocator, label: string, checked = true): Promise<void> {
  const input = tool.getByLabel(label);
  if ((await input.isChecked()) !== checked) await tool.locator(`label[for="${await input.getAttribute('id')}"]`).click();
  await expect.poll(() => input.isChecked()).toBe(checked);
}

const placedLink = (user: PlatformUser): LaunchSpec => ({ messageType: 'LtiResourceLinkRequest', user, context: course, resourceLink: placed.link, custom: placed.custom });

describe('LTI award rules journey', () => {
  it('lets Red River’s institution admin register the platform by hand', async () => {
    await withPage('lti-register-platform', async (page) => {
      await signIn(page, journey.server.url, RR_ADMIN);
      await page.getByRole('link', { name: 'Learning platforms (LTI)' }).click();
      await page.waitForURL(/\/admin\/institutions\/red-river\/lti$/);
      await expect.poll(() => page.getByText('No platforms yet').isVisible()).toBe(true);
      const loginUrl = (await page.locator('dt', { hasText: 'OpenID Connect login initiation URL' }).locator('xpath=following-sibling::dd').textContent())!.trim();
      expect(loginUrl).toBe(`${journey.server.url}/lti/login`);
      await checkA11y(page, 'learning platforms (empty)');

      await page.getByRole('link', { name: 'Register a platform by hand' }).click();
      await page.waitForURL(/\/lti\/new$/);
      await checkA11y(page, 'register a platform by hand');
      await page.getByLabel('Name in Laurel').fill('Red River Canvas');
      await page.getByLabel('Issuer (platform ID)').fill(platform.issuer);
      await page.getByLabel('Client ID').fill(CLIENT_ID);
      await page.getByLabel('Authentication request URL (OIDC authorization endpoint)').fill(platform.authUrl);
      await page.getByLabel('Access token URL').fill(platform.tokenUrl);
      await page.getByLabel('Public keyset (JWKS) URL').fill(platform.jwksUrl);
      await page.getByLabel('Deployment IDs').fill(DEPLOYMENT_ID);
      await page.getByRole('button', { name: 'Register platform' }).click();
      await page.waitForURL(/\/admin\/institutions\/red-river\/lti\/[^/]+$/);
      await expect.poll(() => page.getByText('Red River Canvas was registered.').isVisible()).toBe(true);
      await expect.poll(() => page.getByRole('table', { name: 'Deployments of Red River Canvas' }).textContent()).toContain(DEPLOYMENT_ID);
      await checkA11y(page, 'platform registered');
      await screenshot(page, 'lti-platform-registered', { copyTo: SHOTS });
    });
    // The platform's administrator enters Laurel's values (the ones the page above shows) for the tool.
    const base = journey.server.url;
    platform.addClient({ clientId: CLIENT_ID, deploymentIds: [DEPLOYMENT_ID], loginUrl: `${base}/lti/login`, redirectUris: [`${base}/lti/launch`], toolJwksUrl: `${base}/lti/jwks.json`, targetLinkUri: `${base}/lti/launch` });
  });

  it('lets the instructor place a badge in the course from the platform’s frame', async () => {
    await withPage('lti-deep-link', async (page) => {
      const { tool, frame } = await openCourse(page, { messageType: 'LtiDeepLinkingRequest', user: teacher, context: course }, 'Place a badge in this course');
      await tool.getByLabel(BADGE).waitFor();
      await checkFrameA11y(frame(), 'badge picker (in the frame)');
      await screenshot(page, 'lti-badge-picker', { copyTo: SHOTS });
      await setChoice(tool, BADGE);
      await tool.getByRole('button', { name: 'Place this badge' }).click();
      // Laurel's return page posts the signed response to the platform at once (/assets/lti.js).
      await tool.getByRole('heading', { name: `Added ${BADGE}` }).waitFor({ timeout: 30_000 });
      expect(platform.deepLinks).toHaveLength(1);
      const [item] = platform.deepLinks[0]!.contentItems;
      expect(item).toMatchObject({ type: 'ltiResourceLink', title: BADGE, url: `${journey.server.url}/lti/launch` });
      placed.link.title = String(item!.title);
      placed.custom = item!.custom as Record<string, string>;
      expect(placed.custom.placement_id).toBeTruthy();
    });
    // The course's grade column for the new link, its students, and their results.
    const c = platform.course(course.id);
    c.addMember({ ...teacher, role: 'instructor' });
    c.addMember({ ...ana, role: 'learner' });
    c.addMember({ ...ben, role: 'learner' });
    const finalExam = c.addLineItem({ label: 'Final exam', scoreMaximum: 50, resourceLinkId: placed.link.id });
    c.addLineItem({ label: 'Quiz 1', scoreMaximum: 10 });
    c.setResult(finalExam, ana.sub, 45);
    c.setResult(finalExam, ben.sub, 20);
  });

  it('lets the instructor set the rule on the placed link, then issue the badge to the student who qualified', async () => {
    await withPage('lti-instructor', async (page) => {
      const { tool, frame } = await openCourse(page, placedLink(teacher), 'Award rule');
      await tool.getByRole('heading', { name: BADGE, level: 1 }).waitFor();
      await checkFrameA11y(frame(), 'award rule form (in the frame)');
      await screenshot(page, 'lti-rule-form', { copyTo: SHOTS });
      await setChoice(tool, "A result of at least a percentage of the column's points");
      await tool.getByLabel('Percentage needed (for a result)').fill('80');
      await tool.getByLabel('Grade column').selectOption({ label: 'Final exam (50 points)' });
      await setChoice(tool, 'Issue the badge automatically when a student qualifies', false);
      await tool.getByRole('button', { name: 'Set the rule' }).click();
      await tool.getByText('The rule is saved.').waitFor({ timeout: 30_000 });

      // The page refreshes by itself until the server's job worker has read the results.
      const issue = tool.getByRole('button', { name: 'Issue the badge to 1 student' });
      await issue.waitFor({ timeout: 90_000 });
      await expect.poll(() => tool.locator('meta[http-equiv="refresh"]').count(), { timeout: 30_000 }).toBe(0);
      const rows = tool.getByRole('table', { name: `Students of ${course.title}` });
      await expect.poll(() => rows.getByRole('row', { name: ana.name }).textContent()).toContain('45 of 50 (90%)');
      await expect.poll(() => rows.getByRole('row', { name: ana.name }).textContent()).toContain('Qualified — waiting for approval');
      await expect.poll(() => rows.getByRole('row', { name: ben.name }).textContent()).toContain('20 of 50 (40%)');
      // The teacher is on the roster, not among the students.
      expect(await rows.getByRole('row', { name: teacher.name }).count()).toBe(0);
      await expect.poll(() => tool.getByText('A result of at least 80% in “Final exam” earns the badge.').isVisible()).toBe(true);
      // When the results were read, said once ("Dec 1, 2026, 3:53 PM UTC").
      await expect.poll(() => tool.getByText(/^Results last read/).textContent()).toMatch(/^Results last read [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M [A-Z]{2,5}\. 1 waiting for approval/);
      await checkFrameA11y(frame(), 'students waiting for approval (in the frame)');
      await screenshot(page, 'lti-instructor-waiting', { copyTo: SHOTS });

      await issue.click();
      await tool.getByText('Issued the badge to 1 student.').waitFor({ timeout: 30_000 });
      await expect.poll(() => rows.getByRole('row', { name: ana.name }).textContent()).toContain('Awarded');
      await checkFrameA11y(frame(), 'badge issued (in the frame)');
      await screenshot(page, 'lti-instructor-students', { copyTo: SHOTS });
    });
  });

  it('lets the student who qualified add the badge to a new Laurel portfolio from the course', async () => {
    await withPage('lti-student-earned', async (page) => {
      const { tool, frame } = await openCourse(page, placedLink(ana), 'You have earned this badge');
      await checkFrameA11y(frame(), 'student: earned (in the frame)');
      await screenshot(page, 'lti-student-earned', { copyTo: SHOTS });
      await tool.getByRole('button', { name: 'Add it to my Laurel portfolio' }).click();
      await tool.getByText(`The badge is in your new Laurel portfolio for ${ana.email}.`).waitFor({ timeout: 30_000 });
      await expect.poll(() => tool.getByRole('link', { name: 'Sign in to see your badge (opens in a new window)' }).isVisible()).toBe(true);
      await checkFrameA11y(frame(), 'student: in the portfolio (in the frame)');
      await screenshot(page, 'lti-student-portfolio', { copyTo: SHOTS });
    });
  });

  it('shows the student below the threshold that the badge is not earned yet, with their result', async () => {
    await withPage('lti-student-not-yet', async (page) => {
      const { tool, frame } = await openCourse(page, placedLink(ben), 'Not earned yet');
      await expect.poll(() => tool.getByText('Your result: 20 of 50 (40%).').isVisible()).toBe(true);
      await expect.poll(() => tool.getByText('a result of at least 80% in “Final exam”').isVisible()).toBe(true);
      expect(await tool.getByRole('button', { name: 'Add it to my Laurel portfolio' }).count()).toBe(0);
      // The criteria keep their lines, as on the badge's own page.
      await expect.poll(() => tool.getByRole('heading', { name: 'How to earn it' }).locator('xpath=following-sibling::p[1]').innerText()).toMatch(/assessment\.\n+- Shielded metal arc welding lab\n- Gas metal arc welding lab\n/);
      await checkFrameA11y(frame(), 'student: not earned yet (in the frame)');
      await screenshot(page, 'lti-student-not-yet', { copyTo: SHOTS });
    });
  });
});
