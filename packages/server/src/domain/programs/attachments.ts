// Files attached to a request: letters of support (PDF ≤ 10 MB) and the badge image (PNG or SVG ≤ 2 MB).
// Content is checked by its bytes, not its name. SVGs are rebuilt from an allow-list on a real XML parser
// (shared/svg-sanitizer.ts: no script, no event handlers, no external references, no CSS url(), bounded
// size and <use> expansion) or refused; PNGs may declare at most 4096 px a side (shared/image-limits.ts).
import { createHash } from 'node:crypto';
import { checkPngLimits, ImageRejected } from '../../shared/image-limits.ts';
import { sanitizeSvg, SvgRejected } from '../../shared/svg-sanitizer.ts';
import { repos } from '../../storage/repositories/index.ts';
import type { AttachmentMeta } from '../../storage/repositories/attachments.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { inTransaction, nowIso, type Deps } from '../deps.ts';
import { DomainError, forbidden, notFound, validationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { canAuthorRequests, canViewRequest } from '../policy.ts';
import { formOf } from './form.ts';
import { EDITABLE_STATES } from './requests.ts';

export const LETTER_MAX_BYTES = 10 * 1024 * 1024;
export const BADGE_MAX_BYTES = 2 * 1024 * 1024;

function reject(message: string): DomainError {
  return new DomainError('attachment_rejected', message, { file: message });
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function checkUpload(kind: 'letter' | 'badge_image', file: { filename: string; data: Buffer }): { contentType: string; data: Buffer } {
  if (file.data.length === 0) throw reject('The file is empty.');
  if (kind === 'letter') {
    if (file.data.length > LETTER_MAX_BYTES) throw reject('Letters of support can be at most 10 MB.');
    if (file.data.subarray(0, 5).toString('latin1') !== '%PDF-') throw reject('Letters of support must be PDF files.');
    return { contentType: 'application/pdf', data: file.data };
  }
  if (file.data.length > BADGE_MAX_BYTES) throw reject('Badge images can be at most 2 MB.');
  try {
    if (file.data.subarray(0, 8).equals(PNG_SIGNATURE)) {
      checkPngLimits(file.data);
      return { contentType: 'image/png', data: file.data };
    }
    const head = file.data.subarray(0, 1024).toString('utf8');
    if (/<svg[\s>]|<\?xml/i.test(head)) return { contentType: 'image/svg+xml', data: Buffer.from(sanitizeSvg(file.data.toString('utf8')), 'utf8') };
  } catch (err) {
    if (err instanceof SvgRejected || err instanceof ImageRejected) throw reject(err.message);
    throw err;
  }
  throw reject('Badge images must be PNG or SVG files.');
}

/** Stores the file and links it into the request's form: the badge image, or a partner's letter. */
export async function attachFile(
  deps: Deps,
  actor: Actor,
  input: { requestId: string; kind: unknown; partnerIndex?: number | undefined; filename: string; data: Buffer },
): Promise<AttachmentMeta> {
  const r = repos(deps.db);
  const req = await r.requests.findById(input.requestId);
  if (!req || !canViewRequest(actor, req)) throw notFound('The request');
  if (!canAuthorRequests(actor, req.organizationId)) throw forbidden('Only the institution’s program authors and administrators can add files.');
  if (!EDITABLE_STATES.includes(req.state)) throw new DomainError('request_not_editable', 'Files can only be added while the request is a draft or changes are requested.');
  if (input.kind !== 'letter' && input.kind !== 'badge_image') throw validationError({ kind: 'Say whether the file is a letter of support or the badge image.' });
  const kind = input.kind;
  const revision = (await r.revisions.findById(req.revisionId))!;
  const form = formOf(revision.form);
  if (kind === 'letter' && (input.partnerIndex === undefined || !form.partners[input.partnerIndex])) {
    throw validationError({ partner: 'Add the partner first, then attach their letter of support.' });
  }
  const { contentType, data } = checkUpload(kind, { filename: input.filename, data: input.data });
  const now = nowIso(deps);
  const meta: AttachmentMeta = {
    id: newId(),
    organizationId: req.organizationId,
    kind,
    filename: input.filename.replace(/[^\w.\- ]+/g, '_').slice(0, 200) || (kind === 'letter' ? 'letter.pdf' : 'badge'),
    contentType,
    size: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    createdAt: now,
  };
  if (kind === 'letter') form.partners[input.partnerIndex!]!.letter_attachment_id = meta.id;
  else form.badge.image_attachment_id = meta.id;
  await inTransaction(deps, async (tr) => {
    await tr.attachments.insert({ ...meta, data, createdBy: actor.kind === 'user' ? actor.userId : null });
    await tr.revisions.updateForm(revision.id, form.title, form, now);
    await tr.requests.touchDraft({ id: req.id, title: form.title, credentialType: form.credential_type, endorsementRequested: form.endorsement_requested, at: now });
    await audit(tr, { actor, at: now, action: 'request.file_attached', subjectType: 'request', subjectId: req.id, organizationId: req.organizationId, data: { kind, filename: meta.filename, size: meta.size, sha256: meta.sha256 } });
  });
  return meta;
}
