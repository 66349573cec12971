// One section of the Request Form, with the upload form below it where the section takes files.
import type { FieldChange } from '../../../domain/programs/diff.ts';
import type { ProgramForm } from '../../../domain/programs/form.ts';
import type { AttachmentMeta, RequestRecord } from '../../../domain/programs/types.ts';
import type { PolicySettings } from '../../../domain/review/settings.ts';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { DiffTable, StateTag } from './parts.tsx';
import { SECTIONS, SectionForm, StepIndicator, UploadForm, type SectionId } from './request-form.tsx';
import { SectionFields } from './section-fields.tsx';

export interface SectionPageProps {
  readonly ctx: PageContext;
  readonly request: RequestRecord;
  readonly section: SectionId;
  readonly form: ProgramForm;
  /** What was posted when saving was refused, by field name (shown as typed). */
  readonly raw?: Readonly<Record<string, string>> | undefined;
  /** Someone else saved first: the section's fields where their saved version differs from what was typed. */
  readonly conflict?: FieldChange[] | undefined;
  readonly policy: PolicySettings;
  readonly attachments: AttachmentMeta[];
  /** Errors shown next to fields (from saving, and the failed rules of this section). */
  readonly errors: Record<string, string>;
  /** Whether saving failed: then the error summary lists `errors`. */
  readonly saveFailed: boolean;
  readonly message?: string | undefined;
  readonly uploadError?: string | undefined;
}

export function SectionPage({ ctx, request, section, form, raw, conflict, policy, attachments, errors, saveFailed, message, uploadError }: SectionPageProps) {
  const label = SECTIONS.find((s) => s.id === section)!.label;
  return (
    <Page ctx={ctx} title={`${label} · ${request.title}`} wide>
      <StepIndicator current={section} requestId={request.id} />
      <p class="margin-bottom-0">
        <a href={`/requests/${request.id}`}>{request.title}</a> · <StateTag state={request.state} />
      </p>
      <h1>{label}</h1>
      {conflict ? <ConflictNotice requestId={request.id} section={section} changes={conflict} /> : null}
      <SectionForm requestId={request.id} section={section} version={request.version} csrf={ctx.csrf} errors={saveFailed ? errors : {}} message={message}>
        <SectionFields section={section} f={form} e={errors} policy={policy} attachments={attachments} raw={raw} />
      </SectionForm>
      {section === 'badge' || section === 'partners' ? <UploadForm csrf={ctx.csrf} requestId={request.id} section={section} form={form} error={uploadError} /> : null}
    </Page>
  );
}

/** Both versions after a conflicting save: theirs (saved) and yours (still in the form), to choose or merge. */
function ConflictNotice({ requestId, section, changes }: { requestId: string; section: SectionId; changes: FieldChange[] }) {
  return (
    <section class="usa-alert usa-alert--warning margin-bottom-3" aria-labelledby="conflict-h">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading" id="conflict-h">
          Someone else saved this section while you were editing it
        </h2>
        <p class="usa-alert__text">
          Your changes are not saved yet: what you typed is still in the form below. Compare it with their saved version, keep or change each field, then save again — saving
          now stores what is in the form.
        </p>
        <div id="conflict-table">
          <DiffTable changes={changes} caption="Their saved version and yours" before="Saved by someone else" after="Yours (in the form below)" empty="Their saved version of this section matches what you typed." />
        </div>
        <p class="usa-alert__text">
          <a href={`/requests/${requestId}/edit/${section}`}>Discard what I typed and load their version</a>
        </p>
      </div>
    </section>
  );
}
