import type { Knex } from 'knex';
import type { Identity } from '../ports/identity';
import { ensureUserId, findUserIdByOpenid } from '../domain/users/user.repo';
import { findActiveAdmin } from '../domain/staff/staff.repo';

/** The Identity port over our own tables: learners in `users`, staff in `admins` (cloud and local alike). */
export function databaseIdentity(db: Knex): Identity {
  return {
    findLearnerId: (openid) => findUserIdByOpenid(db, openid),
    ensureLearnerId: (openid, now) => ensureUserId(db, openid, now),
    findActiveAdmin: (adminId) => findActiveAdmin(db, adminId),
  };
}
