/**
 * Who a caller is, in our own tables. The runtime asks this port once the platform has said who
 * is calling (an openid, or a CMS credential the AdminAuth port vouched for); the composition
 * roots (server/platform, server/emulator) back it with the users and admins tables.
 */
export interface AdminIdentity {
  id: number;
  username: string;
  /** One of the staff domain's roles (`server/domain/staff/roles.policy.ts`). */
  role: string;
}

export interface Identity {
  /** The learner's users.id, or null when this openid never used the product (no write). */
  findLearnerId(openid: string): Promise<number | null>;
  /** The learner's users.id, creating the row on first use. */
  ensureLearnerId(openid: string, now: Date): Promise<number>;
  /**
   * The admin with this id when the account exists and is active — re-read on every call, so
   * disabling an account or changing a role takes effect at once.
   */
  findActiveAdmin(adminId: number): Promise<AdminIdentity | null>;
}
