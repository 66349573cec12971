// The installation's privacy notice and terms of use, as Laurel ships them: a plain account of what
// this software keeps and shows, true of every installation. An operator with its own policies points
// LAUREL_PRIVACY_URL and LAUREL_TERMS_URL at them instead (the OB 3.0 API's service description and the
// consent page then name those).
import type { PageContext } from '../context.ts';
import { Page } from '../layouts/page.tsx';

export function PrivacyPage({ ctx }: { ctx: PageContext }) {
  return (
    <Page ctx={ctx} title="Privacy">
      <div class="usa-prose">
        <h1>Privacy</h1>
        <p class="usa-intro">What this Laurel installation keeps about you, who can see it, and how you take it with you.</p>
        <h2>What Laurel keeps</h2>
        <ul>
          <li>Your account: your name, the email addresses you confirmed, a password hash or the identity your institution’s sign-in sends, your roles, and when you signed in.</li>
          <li>
            Badges issued to you: each is a signed Open Badges 3.0 credential that names you by your email address or student identifier, <strong>as a one-way hash</strong>; Laurel
            also keeps the name and address the issuer entered, to send and show the badge.
          </li>
          <li>Badges you import or an app you connected adds, as they were received, with the result of verifying them.</li>
          <li>Apps you connected through the Open Badges 3.0 API, and what you allowed each to do.</li>
          <li>An audit trail of actions taken in Laurel (who did what, when), kept for the institutions and the State Regents.</li>
        </ul>
        <h2>Who can see it</h2>
        <ul>
          <li>Your badges are private until you make one public. A public badge can be seen and verified by anyone with its link.</li>
          <li>The institution that issued a badge sees that badge and whether you accepted it. State Regents’ staff see the inventory and the review workflow, not your portfolio.</li>
          <li>An app you connected sees only what you allowed on the consent page, until you disconnect it under Account → Connected apps.</li>
        </ul>
        <h2>Taking it with you</h2>
        <p>
          Portfolio → Export downloads every badge exactly as it was signed, with a manifest. Badges verify without Laurel: anyone can check them with any Open Badges 3.0
          verifier.
        </p>
        <h2>Leaving</h2>
        <p>
          An earner can delete their account under Account → <a href="/account/delete">Delete your account</a>, after downloading their badges. Their badges are then revoked (copies
          shared elsewhere stop verifying), their name, addresses and student id are erased from Laurel, and the audit trail keeps only that something happened, not who.
          Accounts with staff roles ask an administrator to remove the roles first.
        </p>
        <h2>How long Laurel keeps things</h2>
        <p>Sent email and finished background work are kept 30 days, webhook deliveries 30 days, and sign-in records and IP addresses 90 days, unless this installation set other periods.</p>
        <h2>Email</h2>
        <p>Laurel emails you when a badge is issued to you, to confirm an address, and to reset a password. It does not send marketing email.</p>
      </div>
    </Page>
  );
}

export function TermsPage({ ctx }: { ctx: PageContext }) {
  return (
    <Page ctx={ctx} title="Terms of use">
      <div class="usa-prose">
        <h1>Terms of use</h1>
        <p class="usa-intro">Laurel is the statewide platform on which institutions define, review, endorse, list, issue and verify micro-credentials and digital badges.</p>
        <ul>
          <li>Use the account you were given or created for yourself; do not share it. Institutions issue badges only for achievements they assessed.</li>
          <li>A badge is the issuing institution’s statement. “Endorsed by State Regents” means the Chancellor approved that micro-credential; it is shown only where that is true.</li>
          <li>Apps you connect act for you within what you allowed; you can disconnect them at any time.</li>
          <li>Laurel is open-source software, provided as is. See <a href="/privacy">Privacy</a> for what it keeps about you.</li>
        </ul>
      </div>
    </Page>
  );
}
