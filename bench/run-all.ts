/** `npm run bench`: every benchmark, one after another, in one run. */
import { benchColdStart } from './cold-start';
import { benchCms } from './cms';
import { benchAccess } from './access';
import { benchComments } from './comments';
import { benchPay } from './pay';
import { benchProgress } from './progress';
import { benchReporting } from './reporting';
import { runWhenMain } from './support';

async function main(): Promise<void> {
  await benchColdStart();
  await benchCms();
  await benchAccess();
  await benchProgress();
  await benchReporting();
  await benchComments();
  await benchPay();
}

runWhenMain(module, main);
