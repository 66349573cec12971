// Pathways, their components and milestone earnings (migration 0023).

export type PathwayRule = 'all' | 'n_of' | 'credit_hours';
export type PathwayStatus = 'draft' | 'published' | 'archived';
/** Review by the Regents' staff: only a pathway whose components cross institutions needs it. */
export type PathwayReviewState = 'not_required' | 'pending' | 'accepted' | 'changes_requested';
export type PathwayDestinationType = 'micro_credential' | 'certificate' | 'associate_degree' | 'bachelor_degree' | 'degree' | 'other';

export interface PathwaysTable {
  id: string;
  /** The institution that authors and owns the pathway. */
  organization_id: string;
  name: string;
  description: string;
  destination_kind: 'program' | 'external';
  destination_program_id: string | null;
  /** The destination's name (for a program, its title when the pathway was saved). */
  destination_name: string;
  destination_url: string | null;
  destination_credential_type: PathwayDestinationType;
  rule: PathwayRule;
  /** For 'n_of': how many components. */
  rule_n: number | null;
  /** For 'credit_hours': the total of the earned components' credit hours needed. */
  rule_credit_hours: number | null;
  /** The badge class earned on completing the pathway (a milestone badge), if any. */
  milestone_badge_class_id: string | null;
  /** 'automatic': issued as soon as the components are held; 'approval': queued for the issuer. */
  milestone_mode: 'automatic' | 'approval' | null;
  status: PathwayStatus;
  crosses_institutions: number;
  review_state: PathwayReviewState;
  review_comment: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface PathwayComponentsTable {
  pathway_id: string;
  /** 0-based order in which the author listed the components. */
  position: number;
  kind: 'program' | 'external';
  program_id: string | null;
  /** The component program's institution (null for an external credential). */
  organization_id: string | null;
  name: string;
  url: string | null;
  credit_hours: number | null;
}

export interface PathwayMilestonesTable {
  pathway_id: string;
  user_id: string;
  /** The institution that issues the milestone badge (its badge class's). */
  organization_id: string;
  state: 'pending_approval' | 'issuing' | 'issued' | 'dismissed';
  award_id: string | null;
  /** JSON: the award ids of the components that completed the pathway. */
  components: string;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  updated_at: string;
}
