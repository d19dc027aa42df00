import { config } from 'zod/v4/core';
import zhCN from 'zod/v4/locales/zh-CN.cjs';

// Clients are Chinese-speaking: zod's own zh-CN locale gives readable field messages. Installed
// through zod/v4/core — the config classic `zod` and `zod/mini` share — so it holds for both, and
// imported alone (not via z.locales) so bundles do not carry every language.
config(zhCN());
