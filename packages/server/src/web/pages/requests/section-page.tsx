// One section of the Request Form, with the upload form below it where the section takes files.
import type { ProgramForm } from '../../../domain/programs/form.ts';
import type { AttachmentMeta, RequestRecord } from '../../../domain/programs/types.ts';
import type { PolicySettings } from '../../../domain/review/settings.ts';
import type { PageContext } from '../../context.ts';
import { Page } from '../../layouts/page.tsx';
import { StateTag } from './parts.tsx';
import { SECTIONS, SectionForm, StepIndicator, UploadForm, type SectionId } from './request-form.tsx';
import { SectionFields } from './section-fields.tsx';

export interface SectionPageProps {
  readonly ctx: PageContext;
  readonly request: RequestRecord;
  readonly section: SectionId;
  readonly form: ProgramForm;
  readonly policy: PolicySettings;
  readonly attachments: AttachmentMeta[];
  /** Errors shown next to fields (from saving, and the failed rules of this section). */
  readonly errors: Record<string, string>;
  /** Whether saving failed: then the error summary lists `errors`. */
  readonly saveFailed: boolean;
  readonly message?: string | undefined;
  readonly uploadError?: string | undefined;
}

export function SectionPage({ ctx, request, section, form, policy, attachments, errors, saveFailed, message, uploadError }: SectionPageProps) {
  const label = SECTIONS.find((s) => s.id === section)!.label;
  return (
    <Page ctx={ctx} title={`${label} · ${request.title}`} wide>
      <StepIndicator current={section} requestId={request.id} />
      <p class="margin-bottom-0">
        <a href={`/requests/${request.id}`}>{request.title}</a> · <StateTag state={request.state} />
      </p>
      <h1>{label}</h1>
      <SectionForm requestId={request.id} section={section} version={request.version} csrf={ctx.csrf} errors={saveFailed ? errors : {}} message={message}>
        <SectionFields section={section} f={form} e={errors} policy={policy} attachments={attachments} />
      </SectionForm>
      {section === 'badge' || section === 'partners' ? <UploadForm csrf={ctx.csrf} requestId={request.id} section={section} form={form} error={uploadError} /> : null}
    </Page>
  );
}
