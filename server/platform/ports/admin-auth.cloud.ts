import { cloudbaseTicketAdminAuth } from '../../adapters/admin-auth/cloudbase-ticket';
import type { AdminAuth } from '../../ports/admin-auth';
import type { AppConfig } from '../config';

/** CMS sign-in through CloudBase custom-login tickets. */
export function cloudAdminAuth(config: AppConfig): AdminAuth {
  return cloudbaseTicketAdminAuth({ customLoginKeyJson: config.tcbCustomLoginKey });
}
