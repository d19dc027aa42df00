/** `npm run bench`: every benchmark, one after another, in one run. */
import { benchColdStart } from './cold-start';
import { benchPay } from './pay';

async function main(): Promise<void> {
  await benchColdStart();
  await benchPay();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
