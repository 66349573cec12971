// The home page: what micro-credentials and digital badges are, how one is created and endorsed, and the
// way into the statewide inventory.
import type { PageContext } from '../context.ts';
import { Page } from '../layouts/page.tsx';

export function HomePage({ ctx }: { ctx: PageContext }) {
  return (
    <Page
      ctx={ctx}
      title="Laurel"
      description="Micro-credentials and digital badges for the state system of higher education: define, review, endorse, list, issue, share and verify."
      hero={
        <section class="laurel-hero" aria-labelledby="hero-heading">
          <div class="grid-container">
            <h1 id="hero-heading">Micro-credentials and digital badges for the state system of higher education</h1>
            <p>
              Institutions create micro-credentials and digital badges. State Regents’ staff review them, the Chancellor endorses them, and students, faculty and staff earn badges
              that anyone can verify.
            </p>
            <p>
              <a class="usa-button laurel-hero__primary" href="/inventory">
                Search the statewide inventory
              </a>
              {ctx.actor ? (
                <a class="usa-button usa-button--outline" href="/dashboard">
                  Go to your dashboard
                </a>
              ) : (
                <a class="usa-button usa-button--outline" href="/sign-in">
                  Sign in
                </a>
              )}
            </p>
          </div>
        </section>
      }
    >
      <div class="grid-row grid-gap-lg">
        <div class="tablet:grid-col-8 usa-prose">
          <h2>What are micro-credentials and digital badges?</h2>
          <p>
            <strong>Micro-credentials</strong> are short-term, postsecondary credentials made of a coherent set of measurable non-credit activities or projects and/or up to 9 hours
            of credit-bearing courses. They provide specific, career-critical skills, competencies and knowledge that transfer readily to the workplace.
          </p>
          <p>
            <strong>Digital badges</strong> are web-based artifacts with metadata that document a student’s completion of a credential — a micro-credential, certificate or
            degree. They can be shared in email signatures, digital résumés and on LinkedIn, Facebook and X, and verified electronically: the image itself carries verified metadata
            describing the qualification and how it was earned.
          </p>

          <h2>Endorsed and not endorsed</h2>
          <p>
            Micro-credentials that meet the State Regents’ policy definition may be submitted for approval. State Regents’ staff review each request for compliance with policy
            and send a recommendation to the Chancellor. Approved micro-credentials are <strong>Endorsed by State Regents</strong> and listed on the statewide searchable inventory.
          </p>
          <p>
            Institutions may also create micro-credentials and digital badges that are <strong>Not Endorsed by State Regents</strong> and ask to list them in the statewide
            inventory. The inventory is delineated and searchable by “Endorsed by State Regents” and “Not Endorsed by State Regents.”
          </p>

          <h2>How a micro-credential is created</h2>
          <ol class="usa-process-list">
            <li class="usa-process-list__item">
              <h3 class="usa-process-list__heading">The institution submits a Request Form</h3>
              <p>
                A program author fills in the Request Form for New Micro-Credential Programs and Digital Badges: the skills, courses or activities, how they are assessed, and the
                badge.
              </p>
            </li>
            <li class="usa-process-list__item">
              <h3 class="usa-process-list__heading">State Regents’ staff review it</h3>
              <p>Reviewers check the request against policy, may ask for changes, and recommend it to the Chancellor.</p>
            </li>
            <li class="usa-process-list__item">
              <h3 class="usa-process-list__heading">The Chancellor decides</h3>
              <p>An approved micro-credential is Endorsed by State Regents and listed on the statewide inventory.</p>
            </li>
            <li class="usa-process-list__item">
              <h3 class="usa-process-list__heading">Learners earn and share badges</h3>
              <p>The institution issues digital badges; earners keep them in a portfolio, share them, and anyone can verify them.</p>
            </li>
          </ol>
        </div>
        <aside class="tablet:grid-col-4" aria-label="Who Laurel is for">
          <div class="usa-summary-box margin-top-4" role="region" aria-labelledby="for-you">
            <div class="usa-summary-box__body">
              <h2 class="usa-summary-box__heading" id="for-you">
                Who it is for
              </h2>
              <div class="usa-summary-box__text">
                <ul class="usa-list">
                  <li>
                    <strong>Faculty and staff</strong> develop micro-credentials and digital badges, alone or with local employers.
                  </li>
                  <li>
                    <strong>State Regents’ staff and the Chancellor</strong> review and endorse them.
                  </li>
                  <li>
                    <strong>Students, faculty and staff</strong> earn, keep and share badges.
                  </li>
                  <li>
                    <strong>Employers</strong> check that a badge is genuine and what it stands for.
                  </li>
                </ul>
              </div>
            </div>
          </div>
        </aside>
      </div>
    </Page>
  );
}
