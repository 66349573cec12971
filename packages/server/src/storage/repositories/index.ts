import { apiTokensRepo } from './api-tokens.ts';
import { auditRepo } from './audit.ts';
import { invitationsRepo } from './invitations.ts';
import { jobsRepo } from './jobs.ts';
import { organizationsRepo } from './organizations.ts';
import { passwordResetsRepo } from './password-resets.ts';
import { sessionsRepo } from './sessions.ts';
import type { Executor } from './types.ts';
import { membershipsRepo, usersRepo } from './users.ts';

/** All repositories over one executor (the database, or a transaction so they share it). */
export function repos(db: Executor) {
  return {
    organizations: organizationsRepo(db),
    users: usersRepo(db),
    memberships: membershipsRepo(db),
    sessions: sessionsRepo(db),
    invitations: invitationsRepo(db),
    passwordResets: passwordResetsRepo(db),
    audit: auditRepo(db),
    jobs: jobsRepo(db),
    apiTokens: apiTokensRepo(db),
  };
}
export type Repos = ReturnType<typeof repos>;
export type { Executor } from './types.ts';
