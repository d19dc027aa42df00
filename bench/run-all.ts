/** `npm run bench`: every benchmark, one after another, in one run. */
import { benchColdStart } from './cold-start';
import { benchAccess } from './access';
import { benchComments } from './comments';
import { benchPay } from './pay';
import { benchProgress } from './progress';
import { runWhenMain } from './support';

async function main(): Promise<void> {
  await benchColdStart();
  await benchAccess();
  await benchProgress();
  await benchComments();
  await benchPay();
}

runWhenMain(module, main);
