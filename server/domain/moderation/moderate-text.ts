import type { Deps } from '../../runtime/deps';
import { AppError } from '../../runtime/errors';
import type { ModerationRequest, ModerationVerdict } from '../../ports/moderation';

/** A verdict, or `error` when the moderation service could not give one (the text is unchecked). */
export type TextCheck = ModerationVerdict | 'error';

/**
 * Asks the Moderation port and never throws: an outage comes back as `error` (and is logged), so
 * each caller decides what unchecked text means for it — for comments, "stay pending".
 */
export async function checkText(deps: Pick<Deps, 'moderation' | 'log'>, req: ModerationRequest): Promise<TextCheck> {
  try {
    return await deps.moderation.check(req);
  } catch (err) {
    deps.log.error('moderation.unavailable', { scene: req.scene, error: err instanceof Error ? err.message : String(err) });
    return 'error';
  }
}

/**
 * For user-facing text that is either saved or refused (e.g. a nickname, scene 1): `risky`
 * throws CONTENT_REJECTED; otherwise the verdict comes back. Anything but `pass` means the text
 * has not been cleared for everyone to see (`review` or `error`) — the caller must not show it
 * to other users yet.
 */
export async function moderateText(deps: Pick<Deps, 'moderation' | 'log'>, req: ModerationRequest): Promise<Exclude<TextCheck, 'risky'>> {
  const verdict = await checkText(deps, req);
  if (verdict === 'risky') throw new AppError('CONTENT_REJECTED');
  return verdict;
}
