import type { Harness } from './harness';
import type { Ports, ServiceContext } from '../../server/runtime/service-context';
import { ensureUserId, findUserIdByOpenid } from '../../server/domain/users/user.repo';

/**
 * A ServiceContext for calling a domain service directly (what the runtime builds per call):
 * the harness's database and clock, an actor (a CMS admin, a learner by openid, or nobody) and
 * the harness's ports unless a test swaps one.
 */
export function serviceContext(h: Harness, as: { adminId?: number; openid?: string; ports?: Partial<Ports> } = {}): ServiceContext {
  const now = h.clock.now();
  return {
    db: h.db,
    now,
    log: h.log,
    requestId: 'test',
    actor: {
      openid: as.openid ?? null,
      viewerId: async () => (as.openid ? findUserIdByOpenid(h.db, as.openid) : null),
      learnerId: async () => {
        if (!as.openid) throw new Error('serviceContext: no learner openid given');
        return ensureUserId(h.db, as.openid, now);
      },
      admin: as.adminId === undefined ? null : { id: as.adminId, username: `admin-${as.adminId}`, role: 'owner' },
    },
    ports: {
      payments: h.deps.payments,
      media: h.deps.media,
      moderation: h.deps.moderation,
      adminAuth: h.deps.adminAuth,
      subscribeMessage: h.deps.subscribeMessage,
      miniCode: h.deps.miniCode,
      ...as.ports,
    },
  };
}
