// Issuing one badge to one person: the award's fields, re-issue and "do not email".
import { Button, Csrf, ErrorSummary } from '../../components/ui.tsx';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { AwardFields, IssueOptions, type AwardFormValues } from './award-fields.tsx';
import { BadgeClassHeading, type IssuedBadgeClass } from './badge-class-heading.tsx';

export interface IssueOneProps {
  readonly ctx: PageContext;
  readonly badgeClass: IssuedBadgeClass;
  readonly values: AwardFormValues;
  readonly errors: Readonly<Record<string, string>>;
  readonly message?: string | undefined;
}

export function IssueOnePage({ ctx, badgeClass: bc, values, errors, message }: IssueOneProps) {
  return (
    <Page ctx={ctx} title={`Issue ${bc.name}`}>
      <BadgeClassHeading current={`Issue ${bc.name}`}>Issue “{bc.name}”</BadgeClassHeading>
      <p>
        {bc.organizationName} · {bc.expiresAfterMonths ? `expires ${bc.expiresAfterMonths} months after issue unless you set a date` : 'does not expire unless you set a date'}
      </p>
      <ErrorSummary errors={errors} message={message} />
      <form class="usa-form usa-form--large" method="post" action={`/issuing/badge-classes/${bc.id}/issue`} novalidate>
        <Csrf token={ctx.csrf} />
        <AwardFields values={values} errors={errors} />
        <IssueOptions many={false} values={values} />
        <Button>Issue the badge</Button>
      </form>
    </Page>
  );
}
