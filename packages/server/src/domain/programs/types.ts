// Row types of the programs area that pages and API routes show, re-exported so web/ and http/ name them
// without reaching into storage/.
export type { AttachmentMeta } from '../../storage/repositories/attachments.ts';
export type { BadgeClass } from '../../storage/repositories/badge-classes.ts';
export type { Program } from '../../storage/repositories/programs.ts';
export type { RequestEvent } from '../../storage/repositories/request-events.ts';
export type { RequestRecord } from '../../storage/repositories/requests.ts';
export type { Page } from '../../storage/repositories/types.ts';
