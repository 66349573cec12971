// The top of both issue forms (one person, CSV file): the way back to Issuing and the badge class issued.
import type { ComponentChildren } from 'preact';
import { Breadcrumbs } from '../../components/breadcrumbs.tsx';

export interface IssuedBadgeClass {
  readonly id: string;
  readonly name: string;
  readonly expiresAfterMonths: number | null;
  readonly organizationName: string;
}

export function BadgeClassHeading({ current, children }: { current: string; children: ComponentChildren }) {
  return (
    <>
      <Breadcrumbs trail={[{ label: 'Issuing', href: '/issuing' }]} current={current} />
      <h1>{children}</h1>
    </>
  );
}
