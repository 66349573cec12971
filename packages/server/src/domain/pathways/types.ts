// Pathway types that pages and API routes show, re-exported so web/ and http/ name them without reaching
// into storage/.
export type {
  Pathway, PathwayComponent, PathwayMilestone, MilestoneState, PathwayDestinationType, PathwayReviewState, PathwayRule, PathwayStatus,
} from '../../storage/repositories/pathways.ts';
