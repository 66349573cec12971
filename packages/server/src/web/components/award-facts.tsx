// Facts about an award shared by the issuer's award page and the public badge page.

/** The revoked and suspended lines of an award's facts (`<dl>`), each with its date and reason. */
export function StatusChangeFacts({ award: a, date, labels = { revoked: 'Revoked', suspended: 'Suspended' } }: { award: { revokedAt: string | null; revocationReason: string | null; suspendedAt: string | null; suspensionReason: string | null }; date: (iso: string) => string; labels?: { revoked: string; suspended: string } }) {
  return (
    <>
      {a.revokedAt ? (
        <>
          <dt>{labels.revoked}</dt>
          <dd>
            {date(a.revokedAt)}: {a.revocationReason}
          </dd>
        </>
      ) : null}
      {a.suspendedAt ? (
        <>
          <dt>{labels.suspended}</dt>
          <dd>
            {date(a.suspendedAt)}: {a.suspensionReason}
          </dd>
        </>
      ) : null}
    </>
  );
}
