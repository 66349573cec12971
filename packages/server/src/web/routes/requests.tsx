// Request pages: the institution's list, starting a request, the multi-section form, the request page
// (review-before-submit for authors; the review page for Regents staff), transitions, comments, files.
// Each group registers its routes from routes/requests/; the pages are in pages/requests/.
import type { FastifyInstance } from 'fastify';
import { registerRequestFormPages } from './requests/form.tsx';
import { registerRequestListPages } from './requests/list.tsx';
import { registerRequestViewPages } from './requests/request.tsx';
import { registerReviewPages } from './requests/review.tsx';

export function registerRequestPages(app: FastifyInstance): void {
  registerRequestListPages(app);
  registerRequestFormPages(app);
  registerRequestViewPages(app);
  registerReviewPages(app);
}
