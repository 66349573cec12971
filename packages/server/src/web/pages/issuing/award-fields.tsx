// Pieces the issuing forms share: the recipient fields of an award (the one-person form; the same names as
// the CSV columns and the API), the re-issue / no-email options of both issue forms, the CSV file input
// of the upload and revoke-by-CSV forms, an award's status tag and its revoked / suspended facts.
import { AWARD_STATUS_LABELS, type AwardStatus } from '../../../domain/issuance/manage-awards.ts';
import { TextArea, TextInput } from '../../components/ui.tsx';

/** The form's field names, in the order the form posts them. */
export const AWARD_FIELD_NAMES = ['recipient_email', 'first_name', 'last_name', 'issued_at', 'expires_at', 'evidence_url', 'evidence_narrative', 'issuer_earner_id', 'reissue', 'suppress_notification'] as const;

export type AwardFormValues = Partial<Record<(typeof AWARD_FIELD_NAMES)[number], string>>;

export function AwardFields({ values: v, errors: e }: { values: AwardFormValues; errors: Readonly<Record<string, string>> }) {
  return (
    <>
      <TextInput name="recipient_email" label="Recipient’s email address" type="email" value={v.recipient_email} error={e.recipient_email} required autocomplete="off" />
      <TextInput name="first_name" label="First name" value={v.first_name} error={e.recipient_name} required />
      <TextInput name="last_name" label="Last name" value={v.last_name} />
      <TextInput name="issued_at" label="Issue date (optional)" hint="YYYY-MM-DD; today if empty." value={v.issued_at} error={e.issued_at} />
      <TextInput name="expires_at" label="Expiry date (optional)" hint="YYYY-MM-DD; the badge class default if empty." value={v.expires_at} error={e.expires_at} />
      <TextInput name="evidence_url" label="Evidence link (optional)" type="url" value={v.evidence_url} error={e.evidence_url} />
      <TextArea name="evidence_narrative" label="Evidence narrative (optional)" value={v.evidence_narrative} error={e.evidence_narrative} />
      <TextInput name="issuer_earner_id" label="Student or employee id (optional)" value={v.issuer_earner_id} error={e.issuer_earner_id} />
    </>
  );
}

function Checkbox({ name, label, checked }: { name: string; label: string; checked: boolean }) {
  return (
    <div class="usa-checkbox">
      <input class="usa-checkbox__input" id={name} type="checkbox" name={name} value="1" checked={checked} />
      <label class="usa-checkbox__label" for={name}>
        {label}
      </label>
    </div>
  );
}

/** Re-issue and "do not email", worded for one recipient or for the recipients of a file. */
export function IssueOptions({ many, values }: { many: boolean; values?: AwardFormValues }) {
  return (
    <>
      <Checkbox
        name="reissue"
        checked={values?.reissue === '1'}
        label={many ? 'Re-issue to recipients who already have this badge (their old award is revoked as “superseded”)' : 'Re-issue: if this person already has this badge, revoke it as “superseded” and issue a new one'}
      />
      <Checkbox name="suppress_notification" checked={values?.suppress_notification === '1'} label={many ? 'Do not email the recipients' : 'Do not email the recipient'} />
    </>
  );
}

export function StatusTag({ status }: { status: AwardStatus }) {
  return <span class={`usa-tag laurel-status-${status}`}>{AWARD_STATUS_LABELS[status]}</span>;
}
