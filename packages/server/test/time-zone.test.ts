// Pages show dates and times in the installation's zone (LAUREL_TIME_ZONE), with the zone named where a
// time is shown; issue #19 found them in UTC although the zone was America/Chicago.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate, formatDay } from '../src/web/components/ui.tsx';
import { renderInZone } from '../src/web/display-zone.ts';
import { makeTestApp, signedIn, type TestApp } from './helpers/app.ts';

describe('display time zone', () => {
  it('formats in the zone of the render, naming it, and in UTC outside one', () => {
    // 03:30 UTC on December 3 is still December 2 in Chicago (UTC−6 in winter).
    const at = '2026-12-03T03:30:00.000Z';
    expect(renderInZone('America/Chicago', () => formatDate(at))).toBe('Dec 2, 2026, 9:30 PM CST');
    expect(renderInZone('America/Chicago', () => formatDay(at, 'long'))).toBe('December 2, 2026');
    expect(renderInZone('America/Los_Angeles', () => formatDate('2026-07-01T19:05:00Z'))).toBe('Jul 1, 2026, 12:05 PM PDT');
    expect(formatDate(at)).toBe('Dec 3, 2026, 3:30 AM UTC');
  });

  describe('a page with LAUREL_TIME_ZONE=America/Chicago', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await makeTestApp('sqlite', { env: { LAUREL_TIME_ZONE: 'America/Chicago' } });
    });
    afterAll(async () => t?.close());

    it('shows a token’s creation time in Chicago time, with the zone', async () => {
      const c = await signedIn(t.app, 'student@example.com');
      const created = await c.post('/account/tokens', { token_name: 'zone test' });
      expect(created.statusCode).toBe(201);
      const page = await c.get('/account');
      const now = new Date();
      const chicago = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'America/Chicago' }).format(now);
      expect(page.body).toMatch(new RegExp(`${chicago}, \\d{1,2}:\\d\\d [AP]M C[SD]T`));
      expect(page.body).not.toMatch(/\d:\d\d [AP]M UTC/);
    });
  });
});
