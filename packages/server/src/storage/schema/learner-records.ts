// Learner records, signed ClrCredentials (migration 0024).

export interface LearnerRecordsTable {
  id: string;
  user_id: string;
  /** The ClrCredential's own `id` (urn:uuid:…). */
  credential_id: string;
  name: string;
  /** JSON array of the embedded awards' ids, in the record's order. */
  award_ids: string;
  badge_count: number;
  /** 0/1: CLR 2.0 `partial`, the record holds only some of the earner's badges. */
  partial: number;
  /** The signed ClrCredential, byte for byte as signed. */
  credential: string;
  created_at: string;
}
