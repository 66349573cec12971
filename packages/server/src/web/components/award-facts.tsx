// Facts about an award shared by the issuer's award page and the public badge page.

/** The revoked and suspended lines of an award's facts (`<dl>`), each with its date and reason. */
export function StatusChangeFacts({ award: a, date }: { award: { revokedAt: string | null; revocationReason: string | null; suspendedAt: string | null; suspensionReason: string | null }; date: (iso: string) => string }) {
  return (
    <>
      {a.revokedAt ? (
        <>
          <dt>Revoked</dt>
          <dd>
            {date(a.revokedAt)}: {a.revocationReason}
          </dd>
        </>
      ) : null}
      {a.suspendedAt ? (
        <>
          <dt>Suspended</dt>
          <dd>
            {date(a.suspendedAt)}: {a.suspensionReason}
          </dd>
        </>
      ) : null}
    </>
  );
}
