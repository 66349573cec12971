// "Add to wallet" exchanges (migration 0017).
import type { Generated } from 'kysely';

export interface WalletExchangesTable {
  id: string;
  award_id: string;
  user_id: string;
  challenge: string;
  state: Generated<'pending' | 'completed' | 'expired'>;
  holder_did: string | null;
  created_at: string;
  expires_at: string;
  completed_at: string | null;
}
