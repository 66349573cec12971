// README.txt of a complete export: what each file is (docs/EXPORTS.md has the columns in full).
export function exportReadme(o: { scope: 'institution' | 'state'; name: string; generatedAt: string; publicUrl: string }): string {
  const whose = o.scope === 'state' ? 'every organization of the state system' : o.name;
  return `Laurel export: ${whose}
Written ${o.generatedAt} by ${o.publicUrl}

manifest.json                  What this export is: who asked and when, how many records of each kind,
                               and the size and SHA-256 of every other file (check them with sha256sum).
organizations.csv              The organization(s): ${o.scope === 'state' ? 'the State Regents and every institution' : 'this institution'}.
programs.csv                   Micro-credential programs: status, endorsement, live revision, re-review dates.
revisions.csv                  Each program revision (number, title, author, dates).
revisions.jsonl                The same revisions, one JSON object a line, with the full request form in "form".
requests.csv                   Review requests (new programs and revisions) and their state.
request-events.csv             Each step of each request: who, when, from which state to which, comment.
badge-classes.csv              Badge classes: name, description, criteria, image, expiry.
awards.csv                     Every award: recipient, badge class, dates, claim, revocation, suspension.
                               credential_line is the line of awards-credentials.jsonl with its credential.
awards-credentials.jsonl       Every award's signed Open Badges 3.0 credential, one a line, byte for byte as
                               Laurel stored it when it signed it (so the signature verifies). A line left
                               empty means that credential holds a line break: it is in
                               awards-credentials/<award id>.json instead.
awards-vc-jwt.csv              The awards' VC-JWT forms (RS256 and ES256), where they were signed.
endorsements.csv               The State Regents' endorsements of programs (credential_line as for awards).
endorsements-credentials.jsonl The signed EndorsementCredentials, one a line, exactly as stored.
audit-events.csv               The audit log of ${o.scope === 'state' ? 'every organization (and events of no organization)' : 'this institution'}: who did what, when.
attachments.csv                Uploaded files (letters of support, badge images) and where each is below.
attachments/<id>/<name>        Each uploaded file, as uploaded.
pathways.csv                   Pathways: components leading to a destination, with the completion rule.
pathways.jsonl                 The same pathways, one a line, each with its components in order.

CSV files are UTF-8, comma-separated, RFC 4180 quoted, CRLF line ends, with a header row. A cell that
would start a spreadsheet formula (= + - @) starts with an apostrophe. Times are ISO 8601 UTC. True and
false are 1 and 0. No passwords, password hashes, token hashes, claim tokens, signing keys or second-factor
secrets are in this export.
`;
}
